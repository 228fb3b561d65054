/// Why Ruby's JSON would refuse a text or a value.
///
/// Parse errors carry the byte offset and a Ruby-like excerpt of the text there
/// (`unexpected token at '…'`); generate errors say which value could not be written.
public struct RubyJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// `JSON::ParserError`: the text is not JSON that Ruby's parser accepts.
        case parse
        /// `JSON::GeneratorError`: the value cannot be written (NaN, Infinity, invalid UTF-8).
        case generate
        /// `JSON::NestingError`: the structure is nested deeper than Ruby's limit of 100.
        case nesting
    }

    /// What went wrong.
    public var kind: Kind
    /// A sentence saying what was expected and what was found.
    public var message: String
    /// The byte offset in the text (parse errors), or `nil`.
    public var offset: Int?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    /// The Ruby exception class this error stands for.
    public var rubyClassName: String {
        switch kind {
        case .parse: "JSON::ParserError"
        case .generate: "JSON::GeneratorError"
        case .nesting: "JSON::NestingError"
        }
    }

    public var description: String {
        if let offset { return "\(rubyClassName) at byte \(offset): \(message)" }
        return "\(rubyClassName): \(message)"
    }
}
