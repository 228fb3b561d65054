/// A Ruby exception a modelled Hutch rule raises: its class name as Ruby prints it
/// (`"NoMethodError"`, `"MultiJson::ParseError"`) and a message for people.
///
/// Only ``className`` is meant to be compared with what Ruby recorded; the message
/// approximates Ruby's wording.
public struct RubyException: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exception's class, with its modules.
    public var className: String
    /// What happened, in Ruby's words where practical.
    public var message: String

    /// Creates an exception.
    package init(className: String, message: String) {
        self.className = className
        self.message = message
    }

    /// `NoMethodError`: Ruby called a method the receiver does not have.
    package static func noMethod(_ method: String, receiver: String, isPrivate: Bool = false) -> RubyException {
        RubyException(
            className: "NoMethodError",
            message: isPrivate
                ? "private method `\(method)' called for \(receiver)"
                : "undefined method `\(method)' for \(receiver)")
    }

    /// `TypeError`: a value of the wrong class reached an operator or a conversion.
    package static func typeError(_ message: String) -> RubyException {
        RubyException(className: "TypeError", message: message)
    }

    /// `MultiJson::ParseError`: MultiJson could not load the text (it wraps the
    /// adapter's `JSON::ParserError` and `JSON::NestingError`, and blank input).
    package static func multiJSONParseError(_ message: String) -> RubyException {
        RubyException(className: "MultiJson::ParseError", message: message)
    }

    /// A Ruby value this package does not model arithmetic for (a `BigDecimal` count):
    /// reported instead of guessing what Ruby computes.
    package static func notModelled(_ message: String) -> RubyException {
        RubyException(className: "NotModelled", message: message)
    }

    public var description: String { "\(className): \(message)" }
}
