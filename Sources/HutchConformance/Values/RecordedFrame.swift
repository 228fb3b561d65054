/// One frame as the recorder captured it: its type, channel and payload (without the
/// 7-byte frame header and the frame-end octet).
package struct RecordedFrame: Sendable, Equatable {
    /// The frame type.
    package enum Kind: Int, Sendable {
        /// A method frame.
        case method = 1
        /// A content header frame.
        case header = 2
        /// A body frame.
        case body = 3
    }

    /// The frame type.
    package var kind: Kind
    /// The channel the client used (not compared: runners compare payloads).
    package var channel: Int
    /// The payload bytes.
    package var payload: [UInt8]

    /// Creates a frame.
    package init(kind: Kind, channel: Int, payload: [UInt8]) {
        self.kind = kind
        self.channel = channel
        self.payload = payload
    }
}

/// Lowercase hex of bytes, for reports.
func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
