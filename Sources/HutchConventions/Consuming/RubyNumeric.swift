/// A Ruby number as MaxRetry's arithmetic produces it: an Integer of any size, or a
/// Float once a Float took part (`Integer + Float` is a Float in Ruby).
///
/// RabbitMQ's own `x-death` counts are integers; a Float appears only when a
/// publisher wrote a float `count` into `x-death` itself.
public enum RubyNumeric: Sendable, Equatable, CustomStringConvertible {
    /// A Ruby Integer (exact, unbounded).
    case integer(JSONInteger)
    /// A Ruby Float (compared by bit pattern).
    case float(Double)

    /// An Integer from a machine integer.
    public static func int(_ value: Int64) -> RubyNumeric { .integer(JSONInteger(value)) }

    /// The value as `Int` when it is an Integer that fits.
    package var intValue: Int? {
        if case .integer(let integer) = self, let value = integer.int64 { return Int(exactly: value) }
        return nil
    }

    /// The value as a Double (Ruby's `to_f`), for range tests.
    package var doubleValue: Double {
        switch self {
        case .integer(let integer): BigInteger(integer).doubleValue
        case .float(let value): value
        }
    }

    /// Ruby's `to_s`: decimal digits, or Float's text (`3.5`, `1.0e+20`).
    public var description: String {
        switch self {
        case .integer(let integer): integer.description
        case .float(let value): RubyFloatFormat.string(value)
        }
    }

    public static func == (lhs: RubyNumeric, rhs: RubyNumeric) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): a == b
        case (.float(let a), .float(let b)): a.bitPattern == b.bitPattern
        default: false
        }
    }

    /// `self + other` as Ruby computes it.
    func adding(_ other: RubyNumeric) -> RubyNumeric {
        switch (self, other) {
        case (.integer(let a), .integer(let b)): .integer((BigInteger(a) + BigInteger(b)).jsonInteger)
        default: .float(doubleValue + other.doubleValue)
        }
    }

    /// `self ** 4` as Ruby computes it.
    func fourthPower() -> RubyNumeric {
        switch self {
        case .integer(let a):
            let value = BigInteger(a)
            let square = value * value
            return .integer((square * square).jsonInteger)
        case .float(let value):
            let square = value * value
            return .float(square * square)
        }
    }

    /// `self <= limit` for an Integer limit, as Ruby compares (false for NaN).
    func isAtMost(_ limit: Int) -> Bool {
        switch self {
        case .integer(let a): !(BigInteger(JSONInteger(Int64(limit))) < BigInteger(a))
        case .float(let value): value <= Double(limit)
        }
    }
}
