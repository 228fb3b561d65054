/// The delay handed to hutch-schedule's `enqueue_in`, keeping the Ruby class it had.
///
/// Only its numeric value picks the delay level (Ruby compares Integers and Floats
/// exactly against the level ranges), but the class is part of what a caller passed,
/// and `enqueue_at` produces a Float or ActiveSupport's `1.second`.
public enum ScheduleInterval: Sendable, Equatable {
    /// A Ruby Integer number of seconds, of any size.
    case integer(JSONInteger)
    /// A Ruby Float number of seconds (NaN and infinities included).
    case float(Double)
    /// ActiveSupport's `1.second`: what `enqueue_at` uses when the time is less than a
    /// second away or in the past.
    case oneSecond

    /// An Integer interval from a machine integer.
    public static func seconds(_ value: Int64) -> ScheduleInterval { .integer(JSONInteger(value)) }

    /// The interval for a `JSON.parse`d number; `nil` for anything that is not a number.
    public init?(_ value: JSONValue) {
        switch value {
        case .integer(let integer): self = .integer(integer)
        case .float(let number): self = .float(number)
        default: return nil
        }
    }

    /// hutch-schedule's `delay_seconds_level(interval)`: the first inclusive range
    /// `0..5`, `5..10`, … `7200..10800` that covers the value, else 10 800 s (negative,
    /// NaN, larger than 3 h, or an Integer of any size beyond that).
    public var delayLevel: DelayLevel {
        switch self {
        case .integer(let integer):
            guard let value = integer.int64 else { return .longest }
            return DelayLevel(forInterval: Double(value))
        case .float(let number):
            return DelayLevel(forInterval: number)
        case .oneSecond:
            return DelayLevel(forInterval: 1.0)
        }
    }
}
