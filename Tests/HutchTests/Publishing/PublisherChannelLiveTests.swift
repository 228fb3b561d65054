import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

/// The publisher's channel is replaced after a nack and after a confirm that timed out, and
/// the old one is closed, not left open on the broker.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(3)))
struct PublisherChannelLiveTests {
    static let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)

    /// Runs `body` with settings in a vhost of its own (so its channels can be counted),
    /// a client connection, its publisher, and a routing key bound to `queueArguments`'s queue.
    static func withPublisher(
        _ name: String, queueArguments: FieldTable, durable: Bool = false, configure: (inout HutchClientSettings) -> Void = { _ in },
        _ body: (HutchClientSettings, HutchConnection, Publisher, String) async throws -> Void
    ) async throws {
        let vhost = LiveBroker.uniqueName("\(name)-vhost")
        try await TestBroker.makeVirtualHost(vhost)
        var settings = try LiveBroker.settings(profile: profile, virtualHost: vhost)
        configure(&settings)
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger(name))
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger(name))
        let queue = LiveBroker.uniqueName("\(name)-q")
        let routingKey = LiveBroker.uniqueName("\(name)-rk")
        var failure: (any Error)?
        do {
            let amqp = try await AMQPConnection.connect(settings.connection)
            let channel = try await amqp.openChannel()
            _ = try await TopologyDeclarer(settings: settings).declare(consumers: [], on: amqp, channel: channel)
            try await amqp.declare(.queueDeclare(QueueDeclare(queue: queue, durable: durable, arguments: queueArguments)), on: channel)
            try await amqp.declare(
                .queueBind(QueueBind(queue: queue, exchange: settings.topology.mqExchange, routingKey: routingKey)), on: channel)
            await amqp.close()
            try await body(settings, hutch, publisher, routingKey)
        } catch {
            failure = error
        }
        await hutch.close()
        try? await TestBroker.deleteVirtualHost(vhost)
        if let failure { throw failure }
    }

    /// A queue of the test's own bound to `routingKey` beside the one `withPublisher` bound,
    /// read back on a connection of its own (one the broker leaves alone when a test closes
    /// the publisher's).
    static func reader(bound routingKey: String, settings: HutchClientSettings) async throws -> (AMQPConnection, UInt16, String) {
        var options = settings.connection
        options.connectionName = LiveBroker.uniqueName("reader")
        let amqp = try await AMQPConnection.connect(options)
        let channel = try await amqp.openChannel()
        let queue = LiveBroker.uniqueName("read-q")
        try await amqp.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: channel)
        try await amqp.declare(
            .queueBind(QueueBind(queue: queue, exchange: settings.topology.mqExchange, routingKey: routingKey)), on: channel)
        return (amqp, channel, queue)
    }

    /// The `"n"` of every message left in `queue`, in queue order, taken off it (`basic.get`).
    static func numbers(in queue: String, on amqp: AMQPConnection, channel: UInt16) async throws -> [Int] {
        var numbers: [Int] = []
        while let message = try await amqp.get(queue: queue, autoAck: true, on: channel) {
            numbers.append(try RubyJSONDecoder().decode([String: Int].self, from: message.delivery.body)["n"] ?? Int.min)
        }
        return numbers
    }

    @Test func twoThousandOneHundredNackedPublishesLeaveNoChannelBehind() async throws {
        // A queue that holds nothing and refuses what overflows: every publish routed to
        // it is nacked. 2,100 is more than the 2,047 channels a connection may have.
        let refusing = FieldTable(pairs: [("x-max-length", .int64(0)), ("x-overflow", .string("reject-publish"))])
        try await Self.withPublisher("nack-channels", queueArguments: refusing) { settings, hutch, publisher, routingKey in
            var nacked = 0
            var other: [String] = []
            for n in 1...2_100 {
                do {
                    try await publisher.publish(routingKey, ["n": n], confirm: true)
                    other.append("publish \(n) was confirmed")
                } catch let error as AMQPError where error.code == .publishNacked {
                    nacked += 1
                } catch {
                    other.append("publish \(n): \(error)")
                }
                if other.count >= 3 { break }
            }
            #expect(nacked == 2_100, "\(other)")
            let channels = try await LiveBroker.openChannelCount(virtualHost: settings.connection.virtualHost)
            print("2,100 nacked publishes: \(nacked) nacked, \(channels) channels open in the vhost afterwards")
            // Each nack closed its channel before the next publish opened a new one.
            #expect(channels <= 1)

            // A normal publish and a new channel (what a worker on the connection opens) still work.
            try await publisher.publish("unrouted", ["n": 0], confirm: true)
            let amqp = try await hutch.connection()
            let number = try await amqp.openChannel()
            try await amqp.closeChannel(number)
        }
    }

    @Test func theChannelOfATimedOutConfirmIsClosed() async throws {
        // A durable queue confirms a persistent message only once it is written, which
        // never happens within a zero timeout: every confirm times out.
        try await Self.withPublisher(
            "timeout-channels", queueArguments: FieldTable(), durable: true, configure: { $0.confirmTimeout = .zero }
        ) { settings, _, publisher, routingKey in
            var timedOut = 0
            for n in 1...40 {
                do {
                    try await publisher.publish(routingKey, ["n": n], confirm: true)
                } catch let error as AMQPError where error.code == .confirmTimeout {
                    timedOut += 1
                }
            }
            #expect(timedOut >= 20)
            let vhost = settings.connection.virtualHost
            try await waitUntil(timeout: .seconds(10)) {
                ((try? await LiveBroker.openChannelCount(virtualHost: vhost)) ?? .max) <= 2
            }
            let channels = try await LiveBroker.openChannelCount(virtualHost: vhost)
            print("40 publishes with a zero confirm timeout: \(timedOut) timed out, \(channels) channels open afterwards")
            #expect(channels <= 2)
        }
    }

    @Test func publishingWithoutConfirmsLeavesTheChannelOutOfConfirmMode() async throws {
        try await Self.withPublisher("plain-channel", queueArguments: FieldTable()) { settings, _, publisher, routingKey in
            #expect(!settings.publisherConfirms)
            for n in 1...3 { try await publisher.publish(routingKey, ["n": n]) }
            let vhost = settings.connection.virtualHost
            let plain = try await LiveBroker.channelConfirmModes(virtualHost: vhost)
            // One publishing channel, not in confirm mode: the broker sends no basic.ack.
            #expect(plain == [false])

            // The first confirmed publish selects it; later ones without confirms go on as well.
            try await publisher.publish(routingKey, ["n": 4], confirm: true)
            try await publisher.publish(routingKey, ["n": 5])
            try await publisher.publish(routingKey, ["n": 6], confirm: true)
            #expect(try await LiveBroker.channelConfirmModes(virtualHost: vhost) == [true])
        }
    }

    @Test func withPublisherConfirmsTheChannelIsInConfirmModeFromTheStart() async throws {
        try await Self.withPublisher(
            "confirm-channel", queueArguments: FieldTable(), configure: { $0.publisherConfirms = true }
        ) { settings, _, publisher, routingKey in
            try await publisher.publish(routingKey, ["n": 1])
            #expect(try await LiveBroker.channelConfirmModes(virtualHost: settings.connection.virtualHost) == [true])
        }
    }
}
