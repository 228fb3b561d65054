extension CodecError {
    /// The kind of a ``CodecError``.
    ///
    /// A struct around a private enum, so that new kinds can be added without breaking
    /// code that switches over the ones it knows (compare with `==`).
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case truncatedPayload = "truncated payload"
            case trailingBytes = "trailing bytes"
            case unsupportedMethod = "unsupported method"
            case unsupportedClass = "unsupported content class"
            case unsupportedPropertyFlags = "unsupported property flags"
            case nonZeroWeight = "non-zero content-header weight"
            case shortStringTooLong = "short string too long"
            case valueTooLong = "value too long"
            case invalidUTF8 = "invalid UTF-8"
            case malformedPayload = "malformed payload"
            case libraryFailure = "librabbitmq failure"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The payload ends before the part the codec was reading.
        package static let truncatedPayload = Code(.truncatedPayload)
        /// The payload holds bytes after a complete value.
        package static let trailingBytes = Code(.trailingBytes)
        /// The class and method ids name a method this codec does not model.
        package static let unsupportedMethod = Code(.unsupportedMethod)
        /// A content header of a class other than `basic` (60).
        package static let unsupportedClass = Code(.unsupportedClass)
        /// A content header with property flag bits outside the 14 `basic` properties.
        package static let unsupportedPropertyFlags = Code(.unsupportedPropertyFlags)
        /// A content header whose weight field is not 0.
        package static let nonZeroWeight = Code(.nonZeroWeight)
        /// A short string (or table key) longer than 255 bytes, refused before encoding.
        package static let shortStringTooLong = Code(.shortStringTooLong)
        /// A long string, byte array, array or table longer than its 32-bit length field allows.
        package static let valueTooLong = Code(.valueTooLong)
        /// A short string or table key that is not valid UTF-8 (the model holds them as `String`).
        package static let invalidUTF8 = Code(.invalidUTF8)
        /// librabbitmq's decoder refused the bytes (`AMQP_STATUS_BAD_AMQP_DATA` and kin):
        /// truncated inside the arguments, an unknown field type, and so on.
        package static let malformedPayload = Code(.malformedPayload)
        /// librabbitmq failed for another reason (memory, an encoder that still did not fit).
        package static let libraryFailure = Code(.libraryFailure)

        /// The kind in words (`"truncated payload"`).
        package var description: String { base.rawValue }
    }
}
