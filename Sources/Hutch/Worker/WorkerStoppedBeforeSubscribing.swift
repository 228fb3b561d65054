/// ``Worker/waitForSubscription(number:)`` was waiting when the worker stopped (a
/// graceful shutdown) before subscribing that many times.
public struct WorkerStoppedBeforeSubscribing: Error, Sendable, Equatable, CustomStringConvertible {
    /// The subscription number waited for.
    public var wanted: Int
    /// How many times the worker had subscribed when it stopped.
    public var subscriptions: Int

    /// Creates the error.
    public init(wanted: Int, subscriptions: Int) {
        self.wanted = wanted
        self.subscriptions = subscriptions
    }

    public var description: String {
        "the worker stopped after \(subscriptions) subscription(s) while waiting for subscription \(wanted)"
    }
}
