/// The Ruby conversions Hutch applies to configuration values, reproduced exactly.
package enum RubyCoercion {
    /// Hutch's `Config.to_bool`: `nil`, `false`, `""`, and Strings (or Symbols) in
    /// which some line is `false`, `f`, `no`, `n` or `0` in any case are false
    /// (the pattern is anchored with `^…$`, which Ruby matches per line, so
    /// `"yes\nno"` is false); everything else, including `0` as an Integer, `"off"`
    /// and `" no"`, is true. Hutch 1.1.0 writes it with `=~` and 1.2.0+ with `case`;
    /// on Ruby 3.1 both give the same answers.
    package static func toBool(_ value: HutchConfigValue) -> Bool {
        switch value {
        case .nil: return false
        case .bool(let b): return b
        case .string(let s), .symbol(let s):
            if case .string = value, s.isEmpty { return false }
            let falseWords: Set<String> = ["false", "f", "no", "n", "0"]
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            return !lines.contains { falseWords.contains($0.lowercased()) }
        default: return true
        }
    }

    /// Ruby's `String#to_i` (base 10): leading ASCII whitespace is skipped, then an
    /// optional sign, then digits where single underscores may separate digits;
    /// parsing stops at the first other character, and no digits at all give 0
    /// (`"abc"` → 0, `" 42 "` → 42, `"4_2"` → 42, `"5__5"` → 5, `"0x10"` → 0,
    /// `"12.9"` → 12). Integers of any size are kept.
    package static func stringToInteger(_ text: String) -> JSONInteger {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, [" ", "\t", "\n", "\u{0B}", "\u{0C}", "\r"].contains(first) {
            scalars = scalars.dropFirst()
        }
        var negative = false
        if let first = scalars.first, first == "+" || first == "-" {
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        var digits = ""
        var previousWasDigit = false
        var pendingUnderscore = false
        for scalar in scalars {
            if scalar.isASCII, ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
                previousWasDigit = true
                pendingUnderscore = false
            } else if scalar == "_", previousWasDigit, !pendingUnderscore {
                pendingUnderscore = true
                previousWasDigit = false
            } else {
                break
            }
        }
        if digits.isEmpty { return JSONInteger(0) }
        return JSONInteger(decimal: (negative ? "-" : "") + digits) ?? JSONInteger(0)
    }

    /// Ruby's `to_i` on any configuration value, as Hutch's `number_setting`
    /// conversion calls it: Strings as ``stringToInteger(_:)``, Integers unchanged,
    /// Floats truncated toward zero, `nil` → 0. `true`, `false`, Symbols, Arrays,
    /// Hashes and objects have no `to_i` (`NoMethodError`); infinite and NaN Floats
    /// raise `FloatDomainError`.
    package static func toInteger(_ value: HutchConfigValue, setting: String, source: HutchConfigError.Source) throws(HutchConfigError)
        -> JSONInteger
    {
        switch value {
        case .nil: return JSONInteger(0)
        case .integer(let i): return i
        case .string(let s): return stringToInteger(s)
        case .float(let d):
            guard d.isFinite else {
                throw HutchConfigError(
                    code: .notConvertible, rubyClassName: "FloatDomainError",
                    expected: "a finite number for \(setting)", found: RubyFloatFormat.string(d), source: source)
            }
            return truncatedInteger(d)
        default:
            throw HutchConfigError(
                code: .notConvertible, rubyClassName: "NoMethodError",
                expected: "a value with to_i (String, Integer, Float or nil) for \(setting)",
                found: "\(value.rubyInspect) (\(value.rubyClassName))", source: source)
        }
    }

    /// Hutch's `type_cast` for a value given to `setting`: booleans through
    /// ``toBool(_:)``, and so is the exact String `"false"` for every setting
    /// (`HUTCH_MQ_HOST=false` makes `mq_host` the boolean `false`; `"FALSE"` does
    /// not); numbers through ``toInteger(_:setting:source:)``; anything else unchanged.
    package static func typeCast(_ value: HutchConfigValue, for setting: HutchSetting, source: HutchConfigError.Source)
        throws(HutchConfigError) -> HutchConfigValue
    {
        if setting.kind == .boolean || value == .string("false") {
            return .bool(toBool(value))
        }
        if setting.kind == .number {
            return .integer(try toInteger(value, setting: setting.name, source: source))
        }
        return value
    }

    /// `Float#to_i` of a finite double: the integer part, exactly, at any size.
    static func truncatedInteger(_ d: Double) -> JSONInteger {
        let t = d.rounded(.towardZero)
        if Swift.abs(t) < 9.0e18 { return JSONInteger(Int64(t)) }
        // |t| = significand × 2^exponent with a 53-bit integer significand.
        var significand = t.significandBitPattern | (1 << 52)
        var exponent = Int(t.exponent) - 52
        while exponent < 0 {
            significand >>= 1
            exponent += 1
        }
        var limbs: [UInt32] = [UInt32(significand & 0xFFFF_FFFF), UInt32(significand >> 32)]  // little endian
        for _ in 0..<exponent {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let v = (UInt64(limbs[i]) << 1) | carry
                limbs[i] = UInt32(v & 0xFFFF_FFFF)
                carry = v >> 32
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
        }
        var digits: [Character] = []
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for i in limbs.indices.reversed() {
                let v = (remainder << 32) | UInt64(limbs[i])
                limbs[i] = UInt32(v / 10)
                remainder = v % 10
            }
            digits.append(Character(String(remainder)))
        }
        let text = (t < 0 ? "-" : "") + String(digits.reversed())
        return JSONInteger(decimal: text) ?? JSONInteger(0)
    }
}
