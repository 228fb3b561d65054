internal import CRabbitMQ

/// The one place that turns a librabbitmq status code into a ``CodecError``.
enum LibRabbitMQStatus {
    /// librabbitmq's text for `status` (`amqp_error_string2`).
    static func text(_ status: Int32) -> String {
        guard let cString = amqp_error_string2(status) else { return "unknown status" }
        return String(cString: cString)
    }

    /// Whether `status` says the encode buffer may have been too small, so a larger
    /// buffer is worth a retry (librabbitmq reports both as running out of room).
    static func mayBeBufferTooSmall(_ status: Int32) -> Bool {
        status == Int32(AMQP_STATUS_BAD_AMQP_DATA.rawValue)
            || status == Int32(AMQP_STATUS_TABLE_TOO_BIG.rawValue)
    }

    /// Whether `status` says the bytes given to a decoder are not valid AMQP.
    static func isMalformedData(_ status: Int32) -> Bool {
        status == Int32(AMQP_STATUS_BAD_AMQP_DATA.rawValue)
            || status == Int32(AMQP_STATUS_UNKNOWN_CLASS.rawValue)
            || status == Int32(AMQP_STATUS_UNKNOWN_METHOD.rawValue)
            || status == Int32(AMQP_STATUS_TABLE_TOO_BIG.rawValue)
    }

    /// The error for a failed librabbitmq call; decoders report bad data as
    /// ``CodecError/Code-swift.struct/malformedPayload``, everything else as
    /// ``CodecError/Code-swift.struct/libraryFailure``.
    static func error(
        _ status: Int32, function: String, decoding: Bool = false, expected: String, found: String
    ) -> CodecError {
        let code: CodecError.Code = decoding && isMalformedData(status) ? .malformedPayload : .libraryFailure
        return CodecError(
            code: code, operation: decoding ? .decodeMethod : .encodeMethod,
            expected: expected, found: "\(function) failed on \(found)",
            libraryStatus: status, libraryStatusText: text(status))
    }
}
