/// Splits the bytes of a pipe into lines as they arrive, in any chunking; a line is
/// complete at its `\n` (a `\r` before it is dropped).
struct PeerLineSplitter: Sendable {
    private var pending: [UInt8] = []

    /// Adds bytes and returns the lines they complete.
    mutating func append(_ bytes: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                lines.append(String(decoding: pending, as: UTF8.self))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
            }
        }
        return lines
    }

    /// The unterminated last line at end of input, if any.
    mutating func finish() -> String? {
        defer { pending = [] }
        return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
    }
}
