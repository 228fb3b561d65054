extension CodecError {
    /// The codec operation a ``CodecError`` happened in.
    package enum Operation: Sendable, Hashable, CustomStringConvertible {
        /// ``MethodCodec/encode(_:)``.
        case encodeMethod
        /// ``MethodCodec/decode(_:)``.
        case decodeMethod
        /// ``ContentHeaderCodec/encode(properties:bodySize:)``.
        case encodeContentHeader
        /// ``ContentHeaderCodec/decode(_:)``.
        case decodeContentHeader
        /// ``FieldTableCodec/encode(_:)``.
        case encodeFieldTable
        /// ``FieldTableCodec/decode(_:)``.
        case decodeFieldTable

        /// The operation in words (`"decode method"`).
        package var description: String {
            switch self {
            case .encodeMethod: "encode method"
            case .decodeMethod: "decode method"
            case .encodeContentHeader: "encode content header"
            case .decodeContentHeader: "decode content header"
            case .encodeFieldTable: "encode field table"
            case .decodeFieldTable: "decode field table"
            }
        }
    }
}
