import HutchConventions

/// A JSON value for a reviewer, as Ruby's JSON writes it (`3`, `3.0`, `"text"`,
/// `{"a":1}`; Ruby's `inspect` where JSON cannot write it), or `absent`.
package enum RubyValueText {
    /// The text; with `withClass`, the Ruby class follows (`3.0 (Float)`). Long values
    /// are cut at 200 characters.
    package static func render(_ value: JSONValue?, withClass: Bool = false) -> String {
        guard let value else { return "absent" }
        let text: String
        if let written = try? RubyJSON.generateString(value) {
            text = written.count > 200 ? String(written.prefix(197)) + "..." : written
        } else {
            text = value.rubyInspect
        }
        return withClass ? "\(text) (\(value.rubyClassName))" : text
    }
}
