/// What RabbitMQ's 406 `PRECONDITION_FAILED - inequivalent arg …` says: which argument of
/// which queue or exchange differs from the one already declared.
///
/// Parsed from reply texts like
/// `PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'x' in vhost '/': received 'false' but current is 'true'`
/// (RabbitMQ 3.x and 4.x word it the same way).
public struct InequivalentArgument: Sendable, Equatable {
    /// The argument that differs (`"durable"`, `"x-queue-type"`).
    public var argument: String
    /// `"queue"` or `"exchange"`.
    public var resourceKind: String
    /// The queue's or exchange's name.
    public var resourceName: String
    /// The virtual host.
    public var virtualHost: String
    /// What the declaration asked for, as RabbitMQ prints it (`"'false'"`, `"none"`, `"the value '1' of type 'long'"`).
    public var received: String
    /// What the existing queue or exchange has, as RabbitMQ prints it.
    public var current: String

    /// Creates the description.
    public init(
        argument: String, resourceKind: String, resourceName: String, virtualHost: String,
        received: String, current: String
    ) {
        self.argument = argument
        self.resourceKind = resourceKind
        self.resourceName = resourceName
        self.virtualHost = virtualHost
        self.received = received
        self.current = current
    }

    /// Parses a broker reply text; `nil` when it is not an inequivalent-argument message.
    public init?(replyText: String) {
        let pattern =
            #/inequivalent arg '(?<argument>.*?)' for (?<kind>\w+) '(?<name>.*?)' in vhost '(?<vhost>.*?)': received (?<received>.*?) but current is (?<current>.*)$/#
        guard let match = replyText.firstMatch(of: pattern) else { return nil }
        self.init(
            argument: String(match.output.argument), resourceKind: String(match.output.kind),
            resourceName: String(match.output.name), virtualHost: String(match.output.vhost),
            received: String(match.output.received), current: String(match.output.current))
    }
}
