/// What the broker shows of the Ruby side's topology for one exchange.
package struct PairingObservation: Sendable, Equatable {
    /// Whether the main exchange exists.
    package var exchangeExists: Bool
    /// Whether hutch-schedule's `<exchange>.schedule` exchange exists.
    package var scheduleExchangeExists: Bool
    /// The 21 delay queues, shortest level first.
    package var delayQueues: [QueueObservation]
    /// The consumer queues looked at.
    package var consumerQueues: [QueueObservation]
    /// Whether the management API was read (durability, arguments, policies).
    package var managementSeen: Bool

    /// Creates an observation.
    package init(
        exchangeExists: Bool, scheduleExchangeExists: Bool, delayQueues: [QueueObservation], consumerQueues: [QueueObservation],
        managementSeen: Bool
    ) {
        self.exchangeExists = exchangeExists
        self.scheduleExchangeExists = scheduleExchangeExists
        self.delayQueues = delayQueues
        self.consumerQueues = consumerQueues
        self.managementSeen = managementSeen
    }
}
