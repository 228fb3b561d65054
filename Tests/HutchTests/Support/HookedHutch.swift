import Hutch
import HutchAMQP
import HutchTesting

/// The client on an ``InMemoryBroker`` whose connections are ``HookedTransport``s: as
/// ``InMemoryHutch``, with the test's hook before each `basic.consume` and declaration.
struct HookedHutch {
    let broker: InMemoryBroker
    /// Every connection the client opened, oldest first.
    let opened: Locked<[HookedTransport]>
    let hutch: HutchConnection

    /// `before` is called with the connection's place among those opened (1 for the
    /// first), the call about to go out, its number on that connection, its channel, and
    /// the connection.
    init(
        settings: HutchClientSettings, label: String, broker: InMemoryBroker = InMemoryBroker(),
        before: @escaping @Sendable (_ connection: Int, HookedTransport.Call, Int, UInt16, InMemoryConnection) async -> Void = {
            _, _, _, _, _ in
        }
    ) {
        let opened = Locked<[HookedTransport]>([])
        self.broker = broker
        self.opened = opened
        hutch = HutchConnection(settings: settings, logger: LiveBroker.logger(label)) { _ in
            let place = opened.value.count + 1
            let connection = HookedTransport(broker.connect()) { call, number, channel, inner in
                await before(place, call, number, channel, inner)
            }
            opened.withLock { $0.append(connection) }
            return connection
        }
    }

    /// The connection the client opened first.
    var first: HookedTransport? { opened.value.first }
}
