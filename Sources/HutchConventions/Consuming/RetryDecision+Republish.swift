extension RetryDecision.Republish {
    /// The message MaxRetry republishes: hutch-schedule's
    /// `consumer.enqueue_in(retry_delay, MultiJson.decode(payload), headers: properties[:headers])`.
    ///
    /// The delivered headers go through bunny's decode-then-encode
    /// (`BunnyTableEncoding.reencodingDecoded(_:)`), the body is the payload decoded
    /// again, and the delay becomes a level of the schedule exchange. Ruby's raise while
    /// decoding the body (a body MaxRetry cannot parse) is returned as the error.
    ///
    /// - Parameters:
    ///   - enqueue: the consumer's `Hutch::Enqueue` (routing keys, exchange, global properties).
    ///   - environment: the clock and message-id source.
    public func message(using enqueue: HutchEnqueue, environment: PublishEnvironment) throws(PublishError) -> OutgoingMessage {
        let decodedBody: JSONValue
        switch body {
        case .success(let value): decodedBody = value
        case .failure(let exception): throw PublishError(.runtime, "\(exception.className): \(exception.message)")
        }
        let interval: ScheduleInterval
        switch delaySeconds {
        case .integer(let integer): interval = .integer(integer)
        case .float(let number): interval = .float(number)
        }
        let reencoded = try BunnyTableEncoding.reencodingDecoded(headers)
        return try enqueue.enqueueIn(
            interval, .value(decodedBody), properties: PublishProperties([("headers", .headers(HeaderHash(encoded: reencoded)))]),
            environment: environment)
    }
}
