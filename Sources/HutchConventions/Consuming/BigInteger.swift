/// A signed integer of any size: just enough of Ruby's Integer for MaxRetry's
/// arithmetic (sums of 64-bit `x-death` counts, `+ 1`, `- 1`, `** 4`), so that huge
/// counts give Ruby's exact results instead of overflowing.
struct BigInteger: Sendable, Equatable, Comparable {
    /// Magnitude in base 2^32, least significant limb first, without leading zero limbs
    /// (zero is the empty array).
    private(set) var limbs: [UInt32]
    /// Sign; never set for zero.
    private(set) var isNegative: Bool

    init(limbs: [UInt32], isNegative: Bool) {
        var trimmed = limbs
        while trimmed.last == 0 { trimmed.removeLast() }
        self.limbs = trimmed
        self.isNegative = trimmed.isEmpty ? false : isNegative
    }

    init(_ value: Int64) {
        let magnitude = value.magnitude
        self.init(limbs: [UInt32(truncatingIfNeeded: magnitude), UInt32(truncatingIfNeeded: magnitude >> 32)], isNegative: value < 0)
    }

    init(_ integer: JSONInteger) {
        if let small = integer.int64 {
            self.init(small)
            return
        }
        var digits = Substring(integer.description)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        var result = BigInteger(0)
        let ten = BigInteger(10)
        for digit in digits {
            result = result * ten + BigInteger(Int64(digit.wholeNumberValue ?? 0))
        }
        self.init(limbs: result.limbs, isNegative: negative)
    }

    var jsonInteger: JSONInteger {
        JSONInteger(decimal: description) ?? JSONInteger(0)
    }

    var doubleValue: Double {
        var result = 0.0
        for limb in limbs.reversed() { result = result * 4_294_967_296.0 + Double(limb) }
        return isNegative ? -result : result
    }

    var description: String {
        if limbs.isEmpty { return "0" }
        var chunks: [UInt32] = []
        var rest = limbs
        while !rest.isEmpty {
            var remainder: UInt64 = 0
            for index in rest.indices.reversed() {
                let current = (remainder << 32) | UInt64(rest[index])
                rest[index] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            while rest.last == 0 { rest.removeLast() }
            chunks.append(UInt32(remainder))
        }
        var text = String(chunks.last ?? 0)
        for chunk in chunks.dropLast().reversed() {
            let part = String(chunk)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return isNegative ? "-" + text : text
    }

    private static func compareMagnitude(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for index in a.indices.reversed() where a[index] != b[index] {
            return a[index] < b[index] ? -1 : 1
        }
        return 0
    }

    private static func addMagnitude(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var carry: UInt64 = 0
        for index in 0..<max(a.count, b.count) {
            let sum = UInt64(index < a.count ? a[index] : 0) + UInt64(index < b.count ? b[index] : 0) + carry
            result.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return result
    }

    /// `a - b` for magnitudes with `a >= b`.
    private static func subtractMagnitude(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var borrow: Int64 = 0
        for index in a.indices {
            var difference = Int64(a[index]) - Int64(index < b.count ? b[index] : 0) - borrow
            borrow = 0
            if difference < 0 {
                difference += 4_294_967_296
                borrow = 1
            }
            result.append(UInt32(difference))
        }
        return result
    }

    static func + (lhs: BigInteger, rhs: BigInteger) -> BigInteger {
        if lhs.isNegative == rhs.isNegative {
            return BigInteger(limbs: addMagnitude(lhs.limbs, rhs.limbs), isNegative: lhs.isNegative)
        }
        if compareMagnitude(lhs.limbs, rhs.limbs) >= 0 {
            return BigInteger(limbs: subtractMagnitude(lhs.limbs, rhs.limbs), isNegative: lhs.isNegative)
        }
        return BigInteger(limbs: subtractMagnitude(rhs.limbs, lhs.limbs), isNegative: rhs.isNegative)
    }

    static func * (lhs: BigInteger, rhs: BigInteger) -> BigInteger {
        if lhs.limbs.isEmpty || rhs.limbs.isEmpty { return BigInteger(0) }
        var result = [UInt32](repeating: 0, count: lhs.limbs.count + rhs.limbs.count)
        for (i, a) in lhs.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, b) in rhs.limbs.enumerated() {
                let current = UInt64(a) * UInt64(b) + UInt64(result[i + j]) + carry
                result[i + j] = UInt32(truncatingIfNeeded: current)
                carry = current >> 32
            }
            var k = i + rhs.limbs.count
            while carry > 0 {
                let current = UInt64(result[k]) + carry
                result[k] = UInt32(truncatingIfNeeded: current)
                carry = current >> 32
                k += 1
            }
        }
        return BigInteger(limbs: result, isNegative: lhs.isNegative != rhs.isNegative)
    }

    static func < (lhs: BigInteger, rhs: BigInteger) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let order = compareMagnitude(lhs.limbs, rhs.limbs)
        return lhs.isNegative ? order > 0 : order < 0
    }
}
