/// Where and how `hutch-conformance live` runs.
public struct LiveSettings: Sendable {
    /// The broker (`amqp://user:password@host:port/`); its credentials also log in to
    /// the management API. Its vhost is not used: the run creates its own.
    public var url: String
    /// The management HTTP API (`http://127.0.0.1:15672`); `nil` for the AMQP host on
    /// port 15672.
    public var managementURL: String?
    /// Run in this existing vhost instead of creating one (needed without a management API).
    public var virtualHost: String?
    /// Run even when the existing vhost already holds queues Hutch would use.
    public var allowExisting: Bool
    /// Swift's clock and id source.
    public var environment: CheckEnvironment
    /// The Ruby peer for the cross-language checks (`--ruby-peer CMD`), `nil` for none.
    public var rubyPeer: PeerSettings?

    /// Creates settings.
    public init(url: String, managementURL: String? = nil, virtualHost: String? = nil, allowExisting: Bool = false, environment: CheckEnvironment, rubyPeer: PeerSettings? = nil) {
        self.url = url
        self.managementURL = managementURL
        self.virtualHost = virtualHost
        self.allowExisting = allowExisting
        self.environment = environment
        self.rubyPeer = rubyPeer
    }
}
