/// Strict UTF-8 decoding for short strings and table keys.
enum UTF8Text {
    /// The text of `bytes` when they are valid UTF-8, else `nil` (never repaired).
    static func string(validating bytes: [UInt8]) -> String? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return String(decoding: bytes, as: UTF8.self)
            case .error: return nil
            }
        }
    }
}
