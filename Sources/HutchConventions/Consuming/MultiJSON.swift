/// `MultiJson.load` (alias `MultiJson.decode`) as multi_json 1.14.1 with the
/// `json_gem` adapter runs it on a delivered payload.
///
/// Hutch's JSON serializer and hutch-schedule's MaxRetry both call it. multi_json
/// 1.14 raises `MultiJson::ParseError` for a payload that is empty or only white
/// space (its `blank?` check, `/\A\s*\z/`, runs before the parser); otherwise it hands
/// the bytes to `JSON.parse` and wraps any parser error in `MultiJson::ParseError`.
/// Errors come back as a ``RubyException`` naming the Ruby class, so consuming rules can
/// report them beside other Ruby exceptions.
package enum MultiJSON {
    /// The value `MultiJson.load(payload)` returns, or the `MultiJson::ParseError` it raises.
    package static func load(_ payload: some Collection<UInt8>) throws(RubyException) -> JSONValue {
        // Ruby's `\s`: space, `\t`, `\n`, `\v`, `\f`, `\r`.
        if payload.allSatisfy({ $0 == 0x20 || (0x09...0x0D).contains($0) }) {
            throw .multiJSONParseError("blank payload (multi_json refuses blank input before parsing)")
        }
        do {
            return try RubyJSON.parse(payload)
        } catch {
            throw .multiJSONParseError(error.description)
        }
    }
}
