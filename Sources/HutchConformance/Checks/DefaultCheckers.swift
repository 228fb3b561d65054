/// The checkers of every kind this runner supports.
package enum DefaultCheckers {
    /// One checker per supported kind.
    package static var all: [any CaseChecker] {
        [DelayLevelChecker(), QueueNameChecker(), TopologyChecker(), ConsumeChecker(), RetryChecker(), ConfigChecker()]
            + PublishChecker.kinds.map(PublishChecker.init(kind:))
    }
}
