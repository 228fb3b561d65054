import Foundation

/// How Psych 4 (Ruby 3.1's YAML) turns an untagged plain scalar into a Ruby value,
/// reproduced for `YAML.load`'s safe mode, in which Symbols are permitted and Dates
/// and Times are refused.
///
/// The rules, in Psych's order: text that starts like a word (or has a newline) is a
/// String unless it is at most 5 characters and spells null (`~`, `null`) or a
/// YAML 1.1 boolean (`yes/no/true/false/on/off`, any case); timestamps and dates
/// are refused (`Psych::DisallowedClass`); `.inf`, `-.inf`, `.nan`; `:name` is a
/// Symbol; sexagesimal `1:30` is an Integer (5400); floats need a `.` (`1.5`,
/// `1.` , `1.5e+3`; `12e3` stays a String); integers accept `_` and `,`
/// (`1,000`), `0x`, `0b` and leading-zero octal; anything else stays a String.
package enum PsychScalarScanner {
    /// The Ruby value of a plain scalar, or the class `YAML.load` refuses for it.
    package enum Token: Sendable, Equatable {
        /// An allowed value.
        case value(HutchConfigValue)
        /// A value of a class safe loading refuses (`"Date"`, `"Time"`).
        case disallowed(String)
    }

    /// Tokenizes `string` as Psych's `ScalarScanner#tokenize` does.
    package static func tokenize(_ string: String) -> Token {
        if string.isEmpty { return .value(.nil) }
        if looksLikeString(string) || string.contains("\n") {
            if string.count > 5 { return .value(.string(string)) }
            if let first = string.lowercased().first, !"ytonf~".contains(first) { return .value(.string(string)) }
            if string == "~" || string.lowercased() == "null" { return .value(.nil) }
            if ["yes", "true", "on"].contains(string.lowercased()) { return .value(.bool(true)) }
            if ["no", "false", "off"].contains(string.lowercased()) { return .value(.bool(false)) }
            return .value(.string(string))
        }
        if matches(string, #"^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$"#) {
            return .disallowed("Time")
        }
        if matches(string, #"^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$"#) {
            return isValidDate(string) ? .disallowed("Date") : .value(.string(string))
        }
        if matches(string, #"^\+?\.inf$"#, caseInsensitive: true) { return .value(.float(.infinity)) }
        if matches(string, #"^-\.inf$"#, caseInsensitive: true) { return .value(.float(-.infinity)) }
        if matches(string, #"^\.nan$"#, caseInsensitive: true) { return .value(.float(.nan)) }
        if matches(string, #"^:."#) {
            var name = String(string.dropFirst())
            if let quote = name.first, quote == "\"" || quote == "'", name.count >= 2, name.last == quote {
                name = String(name.dropFirst().dropLast())
            }
            if name.hasPrefix(":") { name.removeFirst() }
            return .value(.symbol(name))
        }
        if matches(string, #"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$"#) {
            return .value(.integer(sexagesimal(string)))
        }
        if matches(string, #"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$"#) {
            return .value(.float(sexagesimalFloat(string)))
        }
        if matches(string, #"^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$"#) {
            if matches(string, #"\A[-+]?\.\z"#) { return .value(.string(string)) }
            var cleaned = string.filter { $0 != "," && $0 != "_" }
            // Psych drops a '.' that ends the text or precedes the exponent.
            if cleaned.hasSuffix(".") { cleaned.removeLast() }
            cleaned = cleaned.replacingOccurrences(of: ".e", with: "e").replacingOccurrences(of: ".E", with: "E")
            if let d = Double(cleaned.hasPrefix("+") ? String(cleaned.dropFirst()) : cleaned) { return .value(.float(d)) }
            return .value(.string(string))
        }
        if matches(string, #"^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$"#) {
            if let i = parseInteger(string.filter { $0 != "," && $0 != "_" }) { return .value(.integer(i)) }
            return .value(.string(string))
        }
        return .value(.string(string))
    }

    /// Psych's first test: optionally one character that is not a digit, `.`, `:`
    /// or `-`, then letters, `_`, whitespace or punctuation from a fixed set.
    private static func looksLikeString(_ string: String) -> Bool {
        matches(string, #"^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+"#)
    }

    private static func matches(_ string: String, _ pattern: String, caseInsensitive: Bool = false) -> Bool {
        var options: NSRegularExpression.Options = [.anchorsMatchLines]
        if caseInsensitive { options.insert(.caseInsensitive) }
        guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else { return false }
        return regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil
    }

    /// `Date.strptime(s, '%Y-%m-%d')` succeeds (the day exists in that month).
    private static func isValidDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return false }
        let (y, m, d) = (parts[0], parts[1], parts[2])
        guard (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    /// Ruby's `Integer("…")` after `,` and `_` are removed: decimal, `0x` hex,
    /// `0b` binary, leading-zero octal, with a sign.
    private static func parseInteger(_ text: String) -> JSONInteger? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let radix: Int
        if body.hasPrefix("0x") {
            radix = 16
            body = body.dropFirst(2)
        } else if body.hasPrefix("0b") {
            radix = 2
            body = body.dropFirst(2)
        } else if body.count > 1 && body.hasPrefix("0") {
            radix = 8
            body = body.dropFirst()
        } else {
            radix = 10
        }
        guard !body.isEmpty else { return nil }
        if radix == 10 { return JSONInteger(decimal: (negative ? "-" : "") + body) }
        guard let magnitude = Int64(body, radix: radix) else { return nil }
        return JSONInteger(negative ? -magnitude : magnitude)
    }

    private static func sexagesimal(_ s: String) -> JSONInteger {
        let parts = s.split(separator: ":").map { RubyCoercion.stringToInteger(String($0)).int64 ?? 0 }
        var total: Int64 = 0
        for (index, part) in parts.enumerated() {
            let power = Swift.abs(index - 2)
            var factor: Int64 = 1
            for _ in 0..<power { factor *= 60 }
            total += part * factor
        }
        return JSONInteger(total)
    }

    private static func sexagesimalFloat(_ s: String) -> Double {
        var total = 0.0
        for (index, part) in s.split(separator: ":").enumerated() {
            let power = Swift.abs(index - 2)
            let value = Double(part.filter { $0 != "_" }) ?? Double(RubyCoercion.stringToInteger(String(part)).int64 ?? 0)
            total += value * pow(60.0, Double(power))
        }
        return total
    }
}
