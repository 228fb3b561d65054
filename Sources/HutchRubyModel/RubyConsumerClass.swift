import HutchConventions

/// A Ruby consumer class as the worker sees it: its DSL settings and whether it
/// includes hutch-schedule's `Hutch::Enqueue`.
///
/// Including `Hutch::Enqueue` (which includes `Hutch::Threshold`) matters twice:
/// MaxRetry does nothing for a consumer without it, and hutch-schedule's worker calls
/// `ratelimit_exceeded?`, a Threshold class method, on every consumer.
package struct RubyConsumerClass: Sendable, Equatable {
    /// The consumer's DSL settings.
    package var definition: ConsumerDefinition
    /// `include Hutch::Enqueue` (also what makes `attempts` available).
    package var includesEnqueue: Bool

    /// Creates the consumer.
    package init(definition: ConsumerDefinition, includesEnqueue: Bool) {
        self.definition = definition
        self.includesEnqueue = includesEnqueue
    }
}
