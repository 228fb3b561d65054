/// `String`s of bytes the parser has already checked to be ASCII, made without the
/// repair `String(decoding:as:)` prepares for (about 150 instructions for a short ASCII
/// string).
enum CheckedString {
    /// The string of ASCII `bytes`, copied into the string's own storage by the standard
    /// library (which checks them again, cheaply for ASCII).
    static func string(ascii bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            guard let source = bytes.baseAddress, bytes.count > 0 else { return 0 }
            buffer.baseAddress.unsafelyUnwrapped.initialize(from: source, count: bytes.count)
            return bytes.count
        }
    }
}
