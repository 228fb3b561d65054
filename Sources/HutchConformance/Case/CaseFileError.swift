import HutchConventions

/// A case file that cannot be read as `hutch-conformance/1`: which file, which field,
/// what was expected there and what was found.
public struct CaseFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as given to the reader.
    public var file: String
    /// The field path inside the file (`expected.properties.headers[2]`), or `""` for
    /// the file as a whole.
    public var field: String
    /// What the format requires there.
    public var expected: String
    /// What the file holds instead.
    public var found: String

    /// Creates an error.
    package init(file: String, field: String, expected: String, found: String) {
        self.file = file
        self.field = field
        self.expected = expected
        self.found = found
    }

    public var description: String {
        let place = field.isEmpty ? file : "\(file): \(field)"
        return "\(place): expected \(expected), found \(found)"
    }
}

/// A short, readable rendering of a JSON value for error messages.
func summary(of value: JSONValue?) -> String {
    guard let value else { return "nothing (field missing)" }
    switch value {
    case .null: return "null"
    case .object: return "an object"
    case .array(let items): return "an array of \(items.count)"
    case .binaryString: return "a string that is not valid UTF-8"
    default:
        let text = (try? RubyJSON.generateString(value)) ?? value.rubyClassName
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
