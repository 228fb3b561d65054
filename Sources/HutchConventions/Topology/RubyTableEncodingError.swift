/// Why a Ruby Hash could not become an AMQP field table the way amq-protocol encodes it.
///
/// amq-protocol (2.3.2, used by bunny 2.24) writes a table key's length in a single
/// octet with `Integer#chr`, so a key longer than 255 bytes makes Ruby raise
/// `RangeError` before anything is sent. Every other value `JSON.parse` can produce
/// encodes.
public enum RubyTableEncodingError: Error, Sendable, Equatable {
    /// A key (at any nesting depth) is longer than 255 bytes in UTF-8.
    case keyTooLong(key: String, byteCount: Int)

    /// The Ruby exception class the gems raise in this situation.
    package var rubyErrorClass: String {
        switch self {
        case .keyTooLong: "RangeError"
        }
    }
}
