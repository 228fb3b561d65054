/// The double for a JSON number whose digits the parser has gathered, when it can be
/// computed with a single rounding (Clinger's fast path): a significand of at most 2⁵³ and
/// a power of ten of at most 10²² are both exact doubles, so one IEEE multiplication or
/// division gives the correctly rounded value — the same double `strtod` returns. Anything
/// else (more digits, a bigger exponent) is `nil`, for the caller's full conversion.
enum ExactDecimal {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    ]

    /// The exponent from which the parser stops computing a number's exponent: any
    /// number with such an exponent is left to the full conversion.
    static let exponentLimit = 10_000

    /// The double `significand × 10^power` (negated when `negative`) for a JSON number the
    /// parser has read — `significand` holding at most 19 significant digits, `power` its
    /// exponent less its fraction digits — or `nil` when the fast path does not apply.
    /// A zero significand is ±0.0 whatever the power, as `strtod` gives it.
    @inline(__always)
    static func double(significand: UInt64, power: Int, negative: Bool) -> Double? {
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
