/// Why Ruby's JSON would refuse a text or a value.
///
/// Parse errors say what the reader expected, what it found and at which byte
/// offset (``expected``, ``found``, ``offset``); Ruby itself only says
/// `unexpected token at '…'`. ``rubyClassName`` names the exception Ruby raises
/// for the same input, so code can mirror a `rescue` clause.
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
    /// What the reader expected at ``offset`` (for example `"',' or ']'"`), for parse errors.
    public var expected: String?
    /// What it found there (for example `"'x' (0x78)"` or `"end of input"`), for parse errors.
    public var found: String?
    /// Whether the error went through `MultiJson.load`, which re-raises parser errors
    /// as `MultiJson::ParseError` (with the json gem's error as its `cause`).
    public var viaMultiJSON: Bool

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.expected = nil
        self.found = nil
        self.viaMultiJSON = false
    }

    /// Creates a parse (or nesting) error saying what was expected and what was found.
    public init(_ kind: Kind = .parse, expected: String, found: String, offset: Int) {
        self.kind = kind
        self.message = "expected \(expected) but found \(found)"
        self.offset = offset
        self.expected = expected
        self.found = found
        self.viaMultiJSON = false
    }

    /// The Ruby exception class a caller would rescue: `MultiJson::ParseError` for
    /// parse and nesting errors raised through `MultiJson.load`, otherwise
    /// ``jsonGemClassName``.
    public var rubyClassName: String {
        if viaMultiJSON, kind != .generate { return "MultiJson::ParseError" }
        return jsonGemClassName
    }

    /// The json gem's exception class (`JSON::ParserError`, `JSON::NestingError` — a
    /// subclass of `ParserError` — or `JSON::GeneratorError`).
    public var jsonGemClassName: String {
        switch kind {
        case .parse: "JSON::ParserError"
        case .generate: "JSON::GeneratorError"
        case .nesting: "JSON::NestingError"
        }
    }

    /// `"JSON::ParserError at byte 4: expected ',' or ']' but found 'x' (0x78)"`.
    public var description: String {
        if let offset { return "\(rubyClassName) at byte \(offset): \(message)" }
        return "\(rubyClassName): \(message)"
    }

    /// The same error as `MultiJson.load` raises it.
    func throughMultiJSON() -> RubyJSONError {
        var copy = self
        copy.viaMultiJSON = true
        return copy
    }
}
