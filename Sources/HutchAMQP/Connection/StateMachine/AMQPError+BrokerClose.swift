import HutchConventions

extension AMQPError {
    /// The error for a broker's `channel.close` or `connection.close`, its scope decided
    /// here: a `connection.close` ends the connection whatever its code (320, 403, 530,
    /// 5xx), a `channel.close` only its channel (403, 404, 405, 406, …).
    package static func brokerClose(
        _ close: Close, connectionLevel: Bool, operation: Operation, channel: UInt16?, duringLogin: Bool = false
    ) -> AMQPError {
        let code: Code
        switch (close.replyCode, connectionLevel) {
        case (403, true) where duringLogin: code = .authenticationFailed
        case (403, _): code = .accessRefused
        case (404, _): code = .notFound
        case (405, _): code = .resourceLocked
        case (406, _): code = .preconditionFailed
        case (530, _): code = .notAllowed
        case (_, true): code = .connectionClosedByBroker
        case (_, false): code = .channelClosedByBroker
        }
        return AMQPError(
            code: code, operation: operation, channel: connectionLevel ? nil : channel,
            replyCode: close.replyCode, replyText: close.replyText, classID: close.classID, methodID: close.methodID,
            scope: connectionLevel ? .connection : .channel)
    }
}
