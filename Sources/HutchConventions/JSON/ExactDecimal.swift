/// The double for a JSON number's text when it can be computed with a single rounding
/// (Clinger's fast path): a significand of at most 2⁵³ and a power of ten of at most
/// 10²² are both exact doubles, so one IEEE multiplication or division gives the
/// correctly rounded value — the same double `strtod` returns. Anything else (more
/// digits, a bigger exponent) is `nil`, for the caller's full conversion.
enum ExactDecimal {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    ]

    /// The value of `bytes`, which the parser has checked is a JSON number
    /// (`-?digits(.digits)?([eE][+-]?digits)?`), or `nil` when the fast path does not apply.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let end = bytes.count
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var significand: UInt64 = 0
        var significantDigits = 0
        var fractionDigits = 0
        var inFraction = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                if significand != 0 || byte != UInt8(ascii: "0") {
                    significantDigits += 1
                    // 19 digits always fit in a UInt64.
                    guard significantDigits <= 19 else { return nil }
                    significand = significand &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                }
                if inFraction { fractionDigits += 1 }
            } else {
                break
            }
            index += 1
        }
        var exponent = 0
        if index < end {
            // `e` or `E`, an optional sign, at least one digit.
            index += 1
            var exponentNegative = false
            if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < end {
                exponent = exponent * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
                guard exponent < 10_000 else { return nil }
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        let power = exponent - fractionDigits
        let magnitude: Double
        if significand == 0 {
            magnitude = 0
        } else {
            guard significand <= 1 << 53, power >= -22, power <= 22 else { return nil }
            magnitude =
                power < 0
                ? Double(significand) / powersOfTen[-power]
                : Double(significand) * powersOfTen[power]
        }
        return negative ? -magnitude : magnitude
    }
}
