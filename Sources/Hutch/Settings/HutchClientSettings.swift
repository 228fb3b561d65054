import HutchAMQP
import HutchConventions

/// Everything a Swift Hutch client needs: where to connect, which Ruby pairing shares
/// the exchange, and how the worker and publisher behave.
///
/// Build it from Hutch's own configuration (``init(load:)`` or
/// ``load(env:yaml:uri:profile:)``: `HUTCH_*` variables, a YAML file and a URI, read by
/// the same rules as Ruby's `Hutch::Config`), then adjust the Swift-only options:
///
/// ```swift
/// var settings = try HutchClientSettings.load(
///     env: ProcessInfo.processInfo.environment, profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
/// settings.retryCounting = .counterHeader(RetryCountHeader())
/// ```
///
/// ``description`` never shows the password.
public struct HutchClientSettings: Sendable, CustomStringConvertible {
    /// The Ruby side: the Hutch version and whether hutch-schedule is loaded. It decides
    /// what the topology looks like (see `TopologyPlan`); declaring anything else makes
    /// the broker refuse one side's declarations with 406 PRECONDITION_FAILED.
    public var profile: VersionProfile
    /// Where and how to connect (host, port, vhost, credentials, TLS, heartbeat, name).
    public var connection: ConnectionOptions
    /// More brokers to fail over to — the other nodes of a RabbitMQ cluster — tried in
    /// order after ``connection``'s host and port (Hutch's `mq_host` / `mq_port`), with
    /// the same credentials, virtual host and TLS settings. Empty by default.
    ///
    /// A Swift-side addition, not a Hutch setting: Hutch connects to one `mq_host`. The
    /// environment variable `HUTCH_SWIFT_FAILOVER_HOSTS` (`host[:port],…`, read by
    /// ``load(env:yaml:uri:profile:)``; Ruby's Hutch ignores it) sets it; Hutch's own
    /// settings keep their meaning. See ``brokerAddresses`` for the order of attempts.
    public var failoverAddresses: [BrokerAddress]
    /// The settings that shape the topology: `mq_exchange`, `mq_exchange_type`,
    /// `mq_exchange_options`, `namespace`, `channel_prefetch`, `consumer_tag_prefix`.
    public var topology: TopologyConfig
    /// Whether to declare hutch-schedule's schedule exchange and 21 delay queues, as
    /// `Hutch::Schedule.connect` does; `true` when the profile loads hutch-schedule.
    public var declareSchedule: Bool
    /// The default serializer (`Hutch::Config[:serializer]`), JSON unless changed.
    public var serializer: Serializer
    /// Wait for the broker's confirm of every publish (Hutch's `force_publisher_confirms`;
    /// Hutch's `publisher_confirms`, which only selects confirm mode, maps here too,
    /// because a Swift caller has nothing else to wait on).
    public var publisherConfirms: Bool
    /// How long a confirmed publish waits for `basic.ack` / `basic.nack`.
    public var confirmTimeout: Duration
    /// How long one publish may take in all (30 s by default): waiting for a connection
    /// while the broker is unreachable (the client keeps reconnecting), for the broker to
    /// lift a `connection.blocked` (memory or disk alarm), and for the confirm. When it
    /// passes, the publish throws ``PublishTimeout``, which says what it was waiting for.
    ///
    /// A Swift-side setting: Hutch has none (a Ruby publish waits as long as bunny does),
    /// and no `HUTCH_*` variable or YAML key sets it.
    public var publishTimeout: Duration
    /// Hutch's `group`: when set (not blank), only the consumers listed under it in
    /// ``consumerGroups`` run. `nil` runs every consumer.
    public var group: String?
    /// Hutch's `consumer_groups`: group name → consumer class names
    /// (``HutchConsumer/className``).
    public var consumerGroups: [String: [String]]
    /// The most handlers running at once across all consumers (hutch-schedule's
    /// `worker_pool_size`, 20; plain Hutch's `consumer_pool_size`, 1).
    public var concurrency: Int
    /// How long a graceful shutdown waits for running handlers (`graceful_exit_timeout`, 11 s).
    public var gracefulExitTimeout: Duration
    /// How failures are counted for retries (default: hutch-schedule's `x-death` rule).
    public var retryCounting: RetryCounting
    /// Route messages that used up their attempts (and undecodable ones) to
    /// `<exchange>_dead_queue` instead of dropping them, as the Go port does. Off by
    /// default, which is Hutch's behaviour (dropped).
    public var deadQueue: Bool
    /// How reconnection waits between attempts.
    public var reconnect: ReconnectBackoff
    /// The prefetch the worker's `basic.qos` uses when `TopologyConfig.channelPrefetch`
    /// is 0 or `nil`, which Hutch treats as unlimited (its default, 0): the broker would
    /// push a whole backlog into the process. 100 by default (per consumer); `nil` keeps
    /// Hutch's unlimited prefetch. The worker logs a warning at start-up when it applies.
    public var boundedPrefetch: Int?
    /// How long the worker keeps a message before requeueing it when a failure handler
    /// (``MaxRetryHandler``: the retry or dead-queue republish) failed, so that it is
    /// neither lost nor redelivered in a tight loop: attempt `n` is the consumer's `n`-th
    /// such failure in a row. 1 s doubling to 30 s by default.
    public var requeueBackoff: ReconnectBackoff
    /// Metrics (swift-metrics) and tracing (swift-distributed-tracing); tracing is off by
    /// default. A Swift-side setting: no `HUTCH_*` variable or YAML key sets it.
    public var observability: ObservabilitySettings
    /// What to do about a broken Ruby pairing: the management API to check its repair
    /// policy with, an acknowledgement that it is repaired, applying the policy on request.
    /// A Swift-side setting: no `HUTCH_*` variable or YAML key sets it.
    public var pairing: PairingSettings
    /// What Hutch logs as the broker address: `amqp(s)://user@host:port/vhost`, no password.
    public var sanitizedURI: String

    /// Settings for `connection` and `profile`, every other option at Hutch's defaults
    /// for that profile.
    public init(connection: ConnectionOptions = ConnectionOptions(), profile: VersionProfile = .default) {
        self.profile = profile
        self.connection = connection
        self.failoverAddresses = []
        self.topology = TopologyConfig.defaults(for: profile)
        self.declareSchedule = profile.hutchScheduleLoaded
        self.serializer = .json
        self.publisherConfirms = false
        self.confirmTimeout = .seconds(30)
        self.publishTimeout = .seconds(30)
        self.group = nil
        self.consumerGroups = [:]
        self.concurrency = profile.hutchScheduleLoaded ? 20 : 1
        self.gracefulExitTimeout = .seconds(11)
        self.retryCounting = .xDeath
        self.deadQueue = false
        self.reconnect = ReconnectBackoff()
        self.boundedPrefetch = 100
        self.requeueBackoff = ReconnectBackoff(initial: .seconds(1), maximum: .seconds(30))
        self.observability = ObservabilitySettings()
        self.pairing = PairingSettings()
        let scheme = connection.tls == nil ? "amqp" : "amqps"
        self.sanitizedURI =
            "\(scheme)://\(connection.username)@\(connection.host):\(connection.port)/"
            + (connection.virtualHost == "/" ? "" : connection.virtualHost)
    }

    /// Every broker address the client connects to: ``connection``'s host and port first,
    /// then ``failoverAddresses`` (an address listed twice is tried once).
    ///
    /// ``HutchConnection`` tries them in turn: the first connect starts with the first;
    /// after a lost connection the next attempt starts with the address after the lost
    /// one. A round tries each address once; when all of them fail, it waits
    /// ``reconnect``'s backoff and tries another round (``ReconnectBackoff/maxAttempts``
    /// counts rounds).
    public var brokerAddresses: [BrokerAddress] {
        var seen: Set<BrokerAddress> = []
        return ([BrokerAddress(host: connection.host, port: connection.port)] + failoverAddresses).filter { seen.insert($0).inserted }
    }

    /// The publisher settings of the main exchange (exchange, serializer; no global properties).
    public var publisherConfiguration: PublisherConfiguration {
        PublisherConfiguration(exchange: topology.mqExchange, serializer: serializer)
    }

    /// One line for logs; the password is never shown.
    public var description: String {
        var text = "\(sanitizedURI) (Hutch \(profile.hutch)"
        text += profile.hutchScheduleLoaded ? " + hutch-schedule 0.7" : ""
        text += "), exchange \(topology.mqExchange)"
        if let namespace = topology.namespace { text += ", namespace \(namespace)" }
        text += ", prefetch \(topology.channelPrefetch.map(String.init) ?? "none"), concurrency \(concurrency)"
        if connection.tls != nil { text += ", TLS" }
        if !failoverAddresses.isEmpty { text += ", failover \(failoverAddresses.map(\.description).joined(separator: ","))" }
        if let group { text += ", group \(group)" }
        return text
    }
}
