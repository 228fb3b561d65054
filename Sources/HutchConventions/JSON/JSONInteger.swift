/// A Ruby Integer of any size, as `JSON.parse` returns it for a number without a
/// fraction or exponent.
///
/// Ruby's Integer is unbounded (`Bignum` above 2⁶³ is still an `Integer`), so the
/// json gem reads `123456789012345678901234567890` as an Integer and writes it back
/// with the same digits. Values that fit in `Int64` are kept as a machine integer;
/// larger ones as their canonical decimal text (no leading zeros, no `+`, `-` only
/// for negatives).
public struct JSONInteger: Sendable, Hashable, CustomStringConvertible {
    private enum Storage: Sendable, Hashable {
        case small(Int64)
        case big(String)
    }

    private let storage: Storage

    /// The canonical decimal text, as Ruby's `Integer#to_s` prints it.
    public var description: String {
        switch storage {
        case .small(let value): String(value)
        case .big(let text): text
        }
    }

    /// The value as `Int64` when it fits.
    package var int64: Int64? {
        if case .small(let value) = storage { return value }
        return nil
    }

    /// The value as `UInt64` when it is not negative and fits.
    package var uint64: UInt64? {
        switch storage {
        case .small(let value): value >= 0 ? UInt64(value) : nil
        case .big(let text): UInt64(text)
        }
    }

    /// The nearest `Double`, as Ruby's `Integer#to_f` gives it (`Infinity` when too big).
    package var doubleValue: Double {
        switch storage {
        case .small(let value): Double(value)
        case .big(let text): Double(text) ?? (text.hasPrefix("-") ? -.infinity : .infinity)
        }
    }

    /// Whether the value is below zero.
    package var isNegative: Bool {
        switch storage {
        case .small(let value): value < 0
        case .big(let text): text.hasPrefix("-")
        }
    }

    /// An integer from a machine integer.
    package init(_ value: Int64) { self.storage = .small(value) }

    /// An integer from any binary integer (`UInt64.max` included).
    package init(_ value: some BinaryInteger) {
        if let small = Int64(exactly: value) {
            self.storage = .small(small)
        } else {
            self.storage = .big(String(value))
        }
    }

    /// An integer from decimal text (`-?[0-9]+`, leading zeros allowed and dropped);
    /// `nil` when the text is not of that form.
    package init?(decimal text: Substring) {
        guard let value = Self(decimalBytes: Array(text.utf8)[...]) else { return nil }
        self = value
    }

    /// An integer from decimal text; `nil` when it is not of the form `-?[0-9]+`.
    package init?(decimal text: String) { self.init(decimal: Substring(text)) }

    /// An integer from ASCII decimal bytes `-?[0-9]+` (leading zeros allowed).
    init?(decimalBytes bytes: ArraySlice<UInt8>) {
        var index = bytes.startIndex
        let negative = index < bytes.endIndex && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.endIndex else { return nil }
        while index < bytes.endIndex - 1, bytes[index] == UInt8(ascii: "0") { index += 1 }
        let digits = bytes[index...]
        var magnitude: UInt64 = 0
        var fits = digits.count <= 19
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if fits { magnitude = magnitude &* 10 &+ UInt64(byte &- UInt8(ascii: "0")) }
        }
        if fits {
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                self.storage = .small(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
                return
            } else if !negative, magnitude <= UInt64(Int64.max) {
                self.storage = .small(Int64(magnitude))
                return
            }
            fits = false
        }
        let text = String(decoding: digits, as: UTF8.self)
        self.storage = .big(negative ? "-" + text : text)
    }

    /// Appends the decimal text to a byte buffer.
    func appendDecimal(to output: inout [UInt8]) {
        switch storage {
        case .big(let text):
            output.append(contentsOf: text.utf8)
        case .small(let value):
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maxMachineDecimalCount) { digits in
                let count = Self.writeDecimal(value, into: digits.baseAddress!)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<count]))
            }
        }
    }

    /// The longest decimal text of an `Int64`: `-9223372036854775808`.
    static let maxMachineDecimalCount = 20

    /// Writes the decimal text of `value` at `output`, which has room for
    /// ``maxMachineDecimalCount`` bytes; returns how many it wrote.
    static func writeDecimal(_ value: Int64, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let count = (value < 0 ? 1 : 0) + digits
        if value < 0 { output[0] = UInt8(ascii: "-") }
        var index = count
        repeat {
            index -= 1
            output[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude != 0
        return count
    }
}
