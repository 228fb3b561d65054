/// Ruby's `Float#to_s`, which is also how the json gem writes a Float.
///
/// The digits are the shortest that read back as the same double (Swift's and
/// Ruby's printers agree on them). Ruby then writes them in plain notation when the
/// decimal exponent `e` (value = 0.d₁d₂… × 10^e) is in -3…16, always with a digit
/// after the point (`1.0`, `100000000000000.0`, `0.0001`), and in scientific notation
/// otherwise, with a mantissa that has a point and an exponent that has a sign and
/// at least two digits (`1.0e+16`, `1.0e-05`, `1.5e-07`, `5.0e-324`).
public enum RubyFloatFormat {
    /// The text Ruby prints for `value`; `NaN`, `Infinity` and `-Infinity` for the
    /// special values, as `Float#to_s` does.
    public static func string(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let (digits, exponent) = shortestDigits(of: Swift.abs(value))
        let sign = value < 0 ? "-" : ""
        if exponent < -3 || exponent > 16 {
            let mantissaTail = digits.count > 1 ? String(digits.dropFirst()) : "0"
            let power = exponent - 1
            let powerText = String(Swift.abs(power))
            let paddedPower = powerText.count < 2 ? "0" + powerText : powerText
            return "\(sign)\(digits.first ?? "0").\(mantissaTail)e\(power < 0 ? "-" : "+")\(paddedPower)"
        }
        if exponent <= 0 {
            return sign + "0." + String(repeating: "0", count: -exponent) + digits
        }
        if exponent >= digits.count {
            return sign + digits + String(repeating: "0", count: exponent - digits.count) + ".0"
        }
        let split = digits.index(digits.startIndex, offsetBy: exponent)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The shortest round-trip digits of a positive finite value, without leading or
    /// trailing zeros, and the decimal exponent `e` with value = 0.digits × 10^e.
    static func shortestDigits(of value: Double) -> (digits: String, exponent: Int) {
        // Swift prints the shortest round-trip digits, as `1.2345e-07`, `123.45` or `1e+20`.
        let text = value.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts.first.map(String.init) ?? text
        let explicitPower = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = pieces.first.map(String.init) ?? ""
        let fractionPart = pieces.count > 1 ? String(pieces[1]) : ""
        var all = integerPart + fractionPart
        var exponent = integerPart.count + explicitPower
        while all.first == "0" {
            all.removeFirst()
            exponent -= 1
        }
        while all.last == "0" { all.removeLast() }
        return (all.isEmpty ? "0" : all, exponent)
    }
}
