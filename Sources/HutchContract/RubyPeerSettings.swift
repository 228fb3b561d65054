import HutchConformance
import HutchManagement

/// How ``MessageContract/verifyWithRubyPeer(_:)`` runs the Ruby app's own consumers:
/// the peer's command line (with the app's `--app` paths and gems), the broker, and the
/// broker policies the shop's own broker has.
public struct RubyPeerSettings: Sendable {
    /// The command line that starts `ruby-fixtures/peer.rb` with the app loaded, e.g.
    /// `ruby -I… ruby-fixtures/peer.rb --app Examples/shop/ruby/lib/shop.rb`; the run
    /// appends `--vhost V --timeout S` and gives the broker URL in `HUTCH_PEER_URL`.
    public var command: String
    /// Where the command runs (default: the current directory).
    public var workingDirectory: String?
    /// The broker, `amqp://user:password@host:port/` (its password never reaches a command line).
    public var url: String
    /// The broker's management API (`http://host:15672`): the run creates a vhost of its
    /// own there and sets ``brokerPolicies``; without it the run uses the URL's vhost
    /// and can set no policy.
    public var managementURL: String?
    /// Policies the shop's broker has, set in the run's vhost before the peer starts,
    /// e.g. ``BrokerPolicy/delayQueueRepair(exchange:)`` for hutch-schedule 0.7.3's
    /// delay queues on Hutch ≥ 1.1.1.
    public var brokerPolicies: [BrokerPolicy]
    /// How long the peer may take to load the gems and the app and report `ready`.
    public var readyTimeout: Duration
    /// How long to wait for the consumers' reports beyond a message's delay.
    public var eventTimeout: Duration

    /// Creates settings.
    public init(
        command: String, workingDirectory: String? = nil, url: String, managementURL: String? = nil,
        brokerPolicies: [BrokerPolicy] = [], readyTimeout: Duration = .seconds(60), eventTimeout: Duration = .seconds(15)
    ) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.url = url
        self.managementURL = managementURL
        self.brokerPolicies = brokerPolicies
        self.readyTimeout = readyTimeout
        self.eventTimeout = eventTimeout
    }
}
