/// How long to wait before each reconnection attempt: exponential backoff with full
/// jitter, capped.
///
/// Attempt `n` (from 0) waits a random time between `initial * multiplier^n / 2` and
/// `initial * multiplier^n`, never more than ``maximum``. Hutch (bunny) waits a fixed
/// `network_recovery_interval` instead; backing off spares a broker that is restarting.
///
/// The worker also waits by this rule before requeueing a message whose failure handling
/// failed (``HutchClientSettings/requeueBackoff``).
public struct ReconnectBackoff: Sendable, Equatable {
    /// The wait before the first retry (before jitter).
    public var initial: Duration
    /// The longest wait.
    public var maximum: Duration
    /// The growth factor per attempt.
    public var multiplier: Double
    /// How many attempts in a row to make before giving up; `nil` retries until cancelled.
    /// With several broker addresses an attempt is a round over all of them
    /// (``HutchClientSettings/brokerAddresses``).
    public var maxAttempts: Int?

    /// Creates a policy; by default 0.5 s doubling up to 30 s, forever.
    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30), multiplier: Double = 2, maxAttempts: Int? = nil) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.maxAttempts = maxAttempts
    }

    /// The wait before retry `attempt` (0 for the first), with `unitRandom` a value in
    /// `0...1` (injected so tests are deterministic).
    public func delay(attempt: Int, unitRandom: Double) -> Duration {
        let base = seconds(initial) * pow(multiplier, Double(max(attempt, 0)))
        let capped = min(base, seconds(maximum))
        let jittered = capped * (0.5 + 0.5 * min(max(unitRandom, 0), 1))
        return .nanoseconds(Int64(jittered * 1e9))
    }

    /// The wait before retry `attempt`, with the system's randomness.
    public func delay(attempt: Int) -> Duration {
        delay(attempt: attempt, unitRandom: Double.random(in: 0...1))
    }

    private func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(min(exponent, 64))
        while remaining > 0 {
            result *= base
            remaining -= 1
        }
        return result
    }
}
