/// What the broker shows of the Ruby side's topology for one exchange.
public struct PairingObservation: Sendable, Equatable {
    /// Whether the main exchange exists.
    public var exchangeExists: Bool
    /// Whether hutch-schedule's `<exchange>.schedule` exchange exists.
    public var scheduleExchangeExists: Bool
    /// The 21 delay queues, shortest level first.
    public var delayQueues: [QueueObservation]
    /// The consumer queues looked at.
    public var consumerQueues: [QueueObservation]
    /// Whether the management API was read (durability, arguments, policies).
    public var managementSeen: Bool

    /// Creates an observation.
    public init(
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
