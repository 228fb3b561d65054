/// The checkers of every kind this runner supports.
public enum DefaultCheckers {
    /// One checker per supported kind.
    public static var all: [any CaseChecker] {
        [DelayLevelChecker(), QueueNameChecker(), TopologyChecker(), ConsumeChecker(), RetryChecker(), ConfigChecker()] + PublishChecker.kinds.map(PublishChecker.init(kind:))
    }
}
