/// One of hutch-schedule's 21 fixed delay levels, in seconds.
///
/// hutch-schedule 0.7 cannot delay a message by an arbitrary time: it rounds the
/// requested interval up to one of these levels, each backed by a delay queue
/// `<exchange>_delay_queue_<N>s` bound to `<exchange>.schedule` with routing key
/// `<exchange>.schedule.<N>s`.
public struct DelayLevel: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The level's delay in whole seconds.
    public let seconds: Int

    /// The 21 levels in ascending order, as hutch-schedule's `DELAY_QUEUES`:
    /// 5 s, 10 s, 20 s, 30 s; every minute to 10 min, then 20, 30, 40, 50 min; 1 h, 2 h, 3 h.
    package static let all: [DelayLevel] = [
        5, 10, 20, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600,
        1200, 1800, 2400, 3000, 3600, 7200, 10800
    ].map(DelayLevel.init(seconds:))

    /// The longest level, 10 800 s (3 h); also where out-of-range intervals land.
    package static let longest = DelayLevel(seconds: 10800)

    private init(seconds: Int) { self.seconds = seconds }

    /// The level hutch-schedule's `delay_seconds_level` picks for `interval` seconds.
    ///
    /// Ruby tests inclusive ranges in order (`0..5`, `5..10`, …, `7200..10800`), so an
    /// interval on a boundary takes the lower level (5 → 5 s, 5.5 → 10 s) and 0 takes
    /// 5 s. A negative, NaN or larger-than-10 800 interval matches no range and takes
    /// the `else` branch: 10 800 s.
    package init(forInterval interval: Double) {
        var lower = 0.0
        for level in Self.all {
            if interval >= lower && interval <= Double(level.seconds) {
                self = level
                return
            }
            lower = Double(level.seconds)
        }
        self = Self.longest
    }

    /// The level for a whole number of seconds (see ``init(forInterval:)``).
    package init(forInterval interval: Int) { self.init(forInterval: Double(interval)) }

    /// The suffix hutch-schedule names the level by: `"5s"`.
    package var suffix: String { "\(seconds)s" }

    /// The per-message `expiration` hutch-schedule sets: the level in milliseconds.
    package var expiration: String { String(seconds * 1000) }

    /// The routing key of this level's delay queue on `exchange`'s schedule exchange:
    /// `"<exchange>.schedule.<N>s"`.
    package func routingKey(exchange: String) -> String { "\(exchange).schedule.\(suffix)" }

    /// The name of this level's delay queue: `"<exchange>_delay_queue_<N>s"`.
    package func queueName(exchange: String) -> String { "\(exchange)_delay_queue_\(suffix)" }

    /// The schedule exchange hutch-schedule publishes delayed messages to: `"<exchange>.schedule"`.
    package static func scheduleExchange(for exchange: String) -> String { "\(exchange).schedule" }

    public var description: String { suffix }

    public static func < (lhs: DelayLevel, rhs: DelayLevel) -> Bool { lhs.seconds < rhs.seconds }
}
