import HutchConventions

/// Whether a message sent with hutch-schedule's `enqueue_in` ever reaches its consumer.
///
/// The message waits in a delay queue until its per-message TTL expires; it reaches
/// the consumer only if the delay queue dead-letters expired messages to the main
/// exchange. On Hutch < 1.1.1 hutch-schedule declares that itself; from 1.1.1 its
/// delay queues have no arguments, so the message is silently dropped unless a broker
/// policy gives those queues a dead-letter exchange.
package enum RubyDelayedDelivery {
    /// Whether the delayed message is delivered to the consumer.
    ///
    /// - Parameters:
    ///   - profile: the Ruby side.
    ///   - policyDeadLetterExchange: a broker policy matching the delay queues sets a
    ///     `dead-letter-exchange` (the main exchange).
    package static func reachesConsumer(profile: VersionProfile, policyDeadLetterExchange: Bool) -> Bool {
        profile.delayQueuesDeadLetter || policyDeadLetterExchange
    }
}
