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
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTextCount) { text in
            let count = write(value, into: text.baseAddress!)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<count]))
        }
    }

    /// The most bytes ``write(_:into:)`` writes (the longest text is 24 bytes:
    /// `-1.2345678901234567e-308`).
    package static let maxTextCount = 32

    /// Writes the text of ``string(_:)`` at `output`, which has room for
    /// ``maxTextCount`` bytes; returns how many it wrote.
    package static func write(_ value: Double, into output: UnsafeMutablePointer<UInt8>) -> Int {
        // The usual Float first (NaN, infinities and zeros are not among them).
        let sign = value.sign == .minus ? 1 : 0
        if let written = writePlainFewDigits(value.magnitude, into: output + sign) {
            if sign == 1 { output.pointee = UInt8(ascii: "-") }
            return sign + written
        }
        var text = TextCursor(start: output)
        if value.isNaN {
            text.put("NaN")
        } else if value.isInfinite {
            text.put(value < 0 ? "-Infinity" : "Infinity")
        } else if value == 0 {
            text.put(value.sign == .minus ? "-0.0" : "0.0")
        } else {
            if value < 0 { text.put(UInt8(ascii: "-")) }
            withShortestDigits(of: Swift.abs(value)) { digits, exponent in
                writePositive(digits: digits, exponent: exponent, to: &text)
            }
        }
        return text.count
    }

    /// Writes a positive value that has the few digits of ``fewDigitsDecimal(of:)`` and is
    /// at least 0.0001 — plain notation, the usual Float in a message (`99.95`, `0.5`,
    /// `1234.0`) — straight from the integer `n` and the places `k` (value = n / 10^k):
    /// `n / 10^k`, a point, and `n mod 10^k` as `k` digits, or `0` when `k` is 0. That is
    /// ``writePositive(digits:exponent:to:)``'s text for these digits: the exponent is
    /// at most 15, and at least -3 exactly when `n` has at least `k - 3` digits. `nil`
    /// (nothing written) for any other value.
    static func writePlainFewDigits(_ value: Double, into output: UnsafeMutablePointer<UInt8>) -> Int? {
        guard let (significand, places) = fewDigitsDecimal(of: value),
            places < 4 || significand >= integerPowersOfTen[places - 4]
        else { return nil }
        // At most 18 places here (`n` is below 10¹⁵ and has at least `k - 3` digits), so
        // 10^k fits in a UInt64.
        let scale = integerPowersOfTen[places]
        var end = JSONInteger.writeDecimal(Int64(significand / scale), into: output)
        output[end] = UInt8(ascii: ".")
        let point = end
        guard places > 0 else {
            output[end + 1] = UInt8(ascii: "0")
            return end + 2
        }
        var fraction = significand % scale
        end = point + 1 + places
        for position in stride(from: end - 1, to: point, by: -1) {
            output[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
            fraction /= 10
        }
        // The fewest places leave no trailing zero; kept to one digit after the point anyway.
        while end > point + 2, output[end - 1] == UInt8(ascii: "0") { end -= 1 }
        return end
    }

    /// Bytes written one after another from `start`, into room the caller made.
    private struct TextCursor {
        let start: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func put(_ byte: UInt8) {
            start[count] = byte
            count += 1
        }

        mutating func put(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) {
            (start + count).update(from: bytes.base.baseAddress! + bytes.startIndex, count: bytes.count)
            count += bytes.count
        }

        mutating func put(_ text: StaticString) {
            (start + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            count += text.utf8CodeUnitCount
        }
    }

    /// Writes `0.digits × 10^exponent` as Ruby does (see the type's description).
    private static func writePositive(digits: UnsafeBufferPointer<UInt8>, exponent: Int, to output: inout TextCursor) {
        let zero = UInt8(ascii: "0")
        if exponent > 0, exponent < digits.count {
            // Digits on both sides of the point: always plain (`1234567890123456.8`).
            output.put(digits[..<exponent])
            output.put(UInt8(ascii: "."))
            output.put(digits[exponent...])
        } else if exponent > 0, exponent <= 15 {
            // An integral value of at most 15 digits: `100000000000000.0`.
            output.put(digits[...])
            for _ in 0..<exponent - digits.count { output.put(zero) }
            output.put(UInt8(ascii: "."))
            output.put(zero)
        } else if exponent <= 0, exponent > -4 {
            output.put(zero)
            output.put(UInt8(ascii: "."))
            for _ in 0 ..< -exponent { output.put(zero) }
            output.put(digits[...])
        } else {
            output.put(digits[0])
            output.put(UInt8(ascii: "."))
            if digits.count > 1 { output.put(digits[1...]) } else { output.put(zero) }
            output.put(UInt8(ascii: "e"))
            let power = exponent - 1
            output.put(power < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = Swift.abs(power)
            if magnitude < 10 { output.put(zero) }
            if magnitude >= 100 { output.put(zero + UInt8(magnitude / 100)) }
            if magnitude >= 10 { output.put(zero + UInt8(magnitude / 10 % 10)) }
            output.put(zero + UInt8(magnitude % 10))
        }
    }

    /// The shortest round-trip digits of a positive finite value (ASCII, without
    /// leading or trailing zeros) and the decimal exponent `e` with value = 0.digits × 10^e.
    static func shortestDigits(of value: Double) -> (digits: [UInt8], exponent: Int) {
        withShortestDigits(of: value) { digits, exponent in (Array(digits), exponent) }
    }

    /// Calls `body` with the digits and exponent of ``shortestDigits(of:)`` in a buffer
    /// on the stack, so writing a Float allocates nothing.
    static func withShortestDigits<Result>(
        of value: Double, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Result
    ) -> Result {
        if let result = withFewDigits(of: value, body) { return result }
        return withDescribedDigits(of: value, body)
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    ]

    /// ``withShortestDigits(of:_:)`` for a value whose shortest digits number at most 15
    /// and sit within 22 places after the point (`99.95`, `0.001`, `123456.0`), without
    /// printing it; `nil` for any other value.
    ///
    /// Why it gives the shortest digits: it looks for the fewest places `k` after the
    /// point for which an integer `n` below 10¹⁵ has `n / 10^k` reading back as `value`.
    /// `n` is `value × 10^k` rounded (within 0.23 of the exact product, so the nearest
    /// integer is `n` when there is one), and the read back is exact: `n` and `10^k` are
    /// exact doubles and one IEEE division rounds correctly, as `strtod` does. With the
    /// fewest places, `n` has the fewest significant digits; and decimals of at most 15
    /// significant digits read back as distinct doubles (`DBL_DIG`), so no other such
    /// decimal reads back as `value` — the digits are the shortest round-trip digits
    /// Swift's printer gives, with no tie to break.
    static func withFewDigits<Result>(
        of value: Double, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Result
    ) -> Result? {
        guard case (var integer, let places)? = fewDigitsDecimal(of: value) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
            var start = 16
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: integer % 10)
                integer /= 10
            } while integer != 0
            let exponent = 16 - start - places
            var end = 16
            while buffer[end - 1] == UInt8(ascii: "0") { end -= 1 }
            return body(UnsafeBufferPointer(rebasing: buffer[start..<end]), exponent)
        }
    }

    /// The search of ``withFewDigits(of:_:)``: the fewest places `k` (at most 22) after the
    /// point and the integer `n` (1 ≤ n < 10¹⁵) whose `n / 10^k` reads back as `value`;
    /// `nil` when there are none.
    @inline(__always)
    static func fewDigitsDecimal(of value: Double) -> (significand: UInt64, places: Int)? {
        guard value > 0, value < 1e15 else { return nil }
        for places in 0..<powersOfTen.count {
            let power = powersOfTen[places]
            let scaled = value * power
            guard scaled < 1e15 else { return nil }
            // The nearest integer (ties up): `scaled + 0.5` is exact below 2⁵², and the
            // conversion truncates, without a call to `round` (signed: one instruction each
            // way on x86-64, where unsigned conversions take several).
            let integer = Int64(scaled + 0.5)
            if integer >= 1, Double(integer) / power == value { return (UInt64(integer), places) }
        }
        return nil
    }

    /// 10⁰ … 10¹⁸, the powers of ten a UInt64 holds that ``writePlainFewDigits(_:into:)`` uses.
    private static let integerPowersOfTen: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000
    ]

    /// ``withShortestDigits(of:_:)`` for any positive finite value, read from Swift's
    /// `description`.
    static func withDescribedDigits<Result>(
        of value: Double, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Result
    ) -> Result {
        // Swift prints the shortest round-trip digits, as `1.2345e-07`, `123.45` or `1e+20`
        // (at most 17 digits and 24 bytes).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var count = 0
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
                        buffer[count] = byte
                        count += 1
                    }
                case UInt8(ascii: "."): pointPosition = count
                case UInt8(ascii: "e"), UInt8(ascii: "E"): inPower = true
                case UInt8(ascii: "-"): if inPower { powerSign = -1 }
                default: break
                }
            }
            var exponent = (pointPosition ?? count) + powerSign * explicitPower
            var leading = 0
            while leading < count, buffer[leading] == UInt8(ascii: "0") { leading += 1 }
            exponent -= leading
            var end = count
            while end > leading, buffer[end - 1] == UInt8(ascii: "0") { end -= 1 }
            if leading == end {
                buffer[0] = UInt8(ascii: "0")
                return body(UnsafeBufferPointer(rebasing: buffer[0..<1]), exponent)
            }
            return body(UnsafeBufferPointer(rebasing: buffer[leading..<end]), exponent)
        }
    }
}
