import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import Logging

/// The client on an ``InMemoryBroker`` (the `HutchTesting` product): a ``HutchConnection``
/// whose connector opens in-memory connections, so the client's own rules (reconnects,
/// acknowledgements, retries, shutdown) run without RabbitMQ, in milliseconds, and the
/// test makes the broker misbehave exactly when it wants (``InMemoryConnection/drop()``).
struct InMemoryHutch {
    let broker: InMemoryBroker
    /// Every connection the client opened, oldest first.
    let opened: Locked<[InMemoryConnection]>
    let hutch: HutchConnection

    /// `profile` with a unique exchange, reconnects that wait a millisecond, and a publish
    /// deadline of 2 minutes: the client's wall-clock deadlines are not what these tests
    /// check, and the whole suite on a loaded 2-core machine has been seen to stall its
    /// test process for 30–40 s at the start, past the default 30 s.
    static func settings(profile: VersionProfile) -> HutchClientSettings {
        var settings = HutchClientSettings(profile: profile)
        settings.topology.mqExchange = LiveBroker.uniqueName("x")
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(1), maximum: .milliseconds(1), maxAttempts: 5)
        settings.gracefulExitTimeout = .seconds(5)
        settings.publishTimeout = .seconds(120)
        return settings
    }

    init(settings: HutchClientSettings, label: String) {
        let broker = InMemoryBroker()
        let opened = Locked<[InMemoryConnection]>([])
        self.broker = broker
        self.opened = opened
        hutch = HutchConnection(settings: settings, logger: LiveBroker.logger(label)) { _ in
            let connection = broker.connect()
            opened.withLock { $0.append(connection) }
            return connection
        }
    }

    /// The connection the client opened last.
    var current: InMemoryConnection? { opened.value.last }
}
