/// Ruby's `Float#to_s`, which is also how the json gem writes a Float (and how
/// `Float#inspect` prints one).
///
/// The digits are the shortest that read back as the same double (Swift's and
/// Ruby's printers agree on them, ties included — checked against Ruby for
/// thousands of values). Ruby then writes them in plain notation when the decimal
/// exponent `e` (value = 0.d₁d₂… × 10^e) is in -3…16, always with a digit after the
/// point (`1.0`, `100000000000000.0`, `0.0001`), and in scientific notation
/// otherwise, with a mantissa that has a point and an exponent that has a sign and
/// at least two digits (`1.0e+16`, `1.0e-05`, `1.5e-07`, `5.0e-324`).
package enum RubyFloatFormat {
    /// The text Ruby prints for `value`; `NaN`, `Infinity` and `-Infinity` for the
    /// special values, as `Float#to_s` does.
    package static func string(_ value: Double) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the text of ``string(_:)`` to a byte buffer.
    package static func append(_ value: Double, to output: inout [UInt8]) {
        if value.isNaN { return output.append(contentsOf: "NaN".utf8) }
        if value.isInfinite { return output.append(contentsOf: (value < 0 ? "-Infinity" : "Infinity").utf8) }
        if value == 0 { return output.append(contentsOf: (value.sign == .minus ? "-0.0" : "0.0").utf8) }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        let (digits, exponent) = shortestDigits(of: Swift.abs(value))
        let zero = UInt8(ascii: "0")
        if exponent > 0, exponent < digits.count {
            // Digits on both sides of the point: always plain (`1234567890123456.8`).
            output.append(contentsOf: digits[..<exponent])
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: digits[exponent...])
        } else if exponent > 0, exponent <= 15 {
            // An integral value of at most 15 digits: `100000000000000.0`.
            output.append(contentsOf: digits)
            for _ in 0 ..< exponent - digits.count { output.append(zero) }
            output.append(UInt8(ascii: "."))
            output.append(zero)
        } else if exponent <= 0, exponent > -4 {
            output.append(zero)
            output.append(UInt8(ascii: "."))
            for _ in 0 ..< -exponent { output.append(zero) }
            output.append(contentsOf: digits)
        } else {
            output.append(digits[0])
            output.append(UInt8(ascii: "."))
            if digits.count > 1 { output.append(contentsOf: digits[1...]) } else { output.append(zero) }
            output.append(UInt8(ascii: "e"))
            let power = exponent - 1
            output.append(power < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = Swift.abs(power)
            if magnitude < 10 { output.append(zero) }
            output.append(contentsOf: String(magnitude).utf8)
        }
    }

    /// The shortest round-trip digits of a positive finite value (ASCII, without
    /// leading or trailing zeros) and the decimal exponent `e` with value = 0.digits × 10^e.
    static func shortestDigits(of value: Double) -> (digits: [UInt8], exponent: Int) {
        // Swift prints the shortest round-trip digits, as `1.2345e-07`, `123.45` or `1e+20`.
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var pointPosition: Int?
        var explicitPower = 0
        var powerSign = 1
        var inPower = false
        for byte in value.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inPower {
                    explicitPower = explicitPower * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                }
            case UInt8(ascii: "."): pointPosition = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inPower = true
            case UInt8(ascii: "-"): if inPower { powerSign = -1 }
            default: break
            }
        }
        var exponent = (pointPosition ?? digits.count) + powerSign * explicitPower
        var leading = 0
        while leading < digits.count, digits[leading] == UInt8(ascii: "0") { leading += 1 }
        exponent -= leading
        var end = digits.count
        while end > leading, digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
        if leading == end { return ([UInt8(ascii: "0")], exponent) }
        return (Array(digits[leading..<end]), exponent)
    }
}
