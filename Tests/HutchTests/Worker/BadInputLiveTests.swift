import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import InMemoryLogging
import Logging
import Testing

struct StrictConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("strict-q")
    static let routingKeys = [LiveBroker.uniqueName("strict-rk")]
    let seen: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws { await seen.append(message.body.n) }
}

/// Deliveries a Swift consumer cannot decode never crash the worker and never stay
/// unacknowledged (unlike hutch-schedule's Ruby worker): each is nacked — or
/// dead-queued when configured — and logged with its message id and routing key.
/// Odd but decodable deliveries (no or another content type, an `x-death` that is
/// not an array, a body of several frames) are handled.
@Suite(.serialized) struct BadInputLiveTests {
    /// One raw delivery: its message id, properties and body.
    struct Input: Sendable {
        var id: String
        var properties: BasicProperties
        var body: [UInt8]
        /// The `n` the consumer sees when the input is decodable, else `nil`.
        var handled: Int?
    }

    static func json(_ text: String) -> BasicProperties {
        BasicProperties(contentType: "application/json", deliveryMode: 2)
    }

    static let inputs: [Input] = {
        var inputs: [Input] = []
        func add(_ id: String, _ properties: BasicProperties, _ body: [UInt8], handled: Int? = nil) {
            var properties = properties
            properties.messageID = id
            inputs.append(Input(id: id, properties: properties, body: body, handled: handled))
        }
        add("not-json", json(""), Array("not json at all".utf8))
        add("invalid-utf8", json(""), Array(#"{"n":"bad "#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8))
        add("array-body", json(""), Array("[1,2]".utf8))
        add("string-body", json(""), Array(#""just a string""#.utf8))
        add("empty-body", json(""), [])
        add("wrong-type", json(""), Array(#"{"n":"seven"}"#.utf8))
        add("huge-integer", json(""), Array(#"{"n":123456789012345678901234567890}"#.utf8))
        add("huge-float", json(""), Array(#"{"n":1e400}"#.utf8))
        add(
            "deep-nesting", json(""),
            Array(("{\"n\":" + String(repeating: "[", count: 150) + String(repeating: "]", count: 150) + "}").utf8))
        add("no-content-type", BasicProperties(deliveryMode: 2), Array(#"{"n":101}"#.utf8), handled: 101)
        add("text-plain", BasicProperties(contentType: "text/plain"), Array(#"{"n":102}"#.utf8), handled: 102)
        var odd = json("")
        odd.headers = FieldTable(pairs: [("x-death", .string("not an array"))])
        add("x-death-string", odd, Array(#"{"n":103}"#.utf8), handled: 103)
        let padding = String(repeating: "x", count: 1 << 20)
        add("one-mebibyte", json(""), Array(#"{"n":104,"pad":"\#(padding)"}"#.utf8), handled: 104)
        return inputs
    }()

    @Test(LiveBroker.reachable, arguments: [false, true])
    func badDeliveriesAreSettledAndNamedInTheLog(deadQueue: Bool) async throws {
        var settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        settings.deadQueue = deadQueue
        let queue = StrictConsumer.queueName ?? ""
        let log = InMemoryLogHandler()
        var logger = Logger(label: "bad-input") { _ in log }
        logger.logLevel = .info
        let hutch = HutchConnection(settings: settings, logger: logger)
        let seen = Collector<Int>()
        let worker = Worker(connection: hutch, consumers: [StrictConsumer(seen: seen)], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()

        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await amqp.confirmSelect(on: channel)
        let publish = BasicPublish(exchange: settings.topology.mqExchange, routingKey: StrictConsumer.routingKeys[0])
        for input in Self.inputs {
            try await amqp.publishConfirmed(publish, properties: input.properties, body: input.body, on: channel)
        }
        let wanted = Self.inputs.compactMap(\.handled)
        let handled = await seen.wait(for: wanted.count, timeout: .seconds(20))
        try await Task.sleep(for: .milliseconds(500))
        worker.shutdown()
        try await running.value
        await hutch.close()

        let bad = Self.inputs.filter { $0.handled == nil }
        let ready = try await LiveBroker.messageCount(queue, settings: settings)
        let dead =
            deadQueue
            ? try await LiveBroker.messageCount(DeadQueue(exchange: settings.topology.mqExchange).queueName, settings: settings) : 0
        await amqp.close()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])
        print(
            "bad input (dead queue \(deadQueue)): \(Self.inputs.count) deliveries, \(handled.count) handled, \(bad.count) refused, \(dead) dead-queued, \(ready) left in the queue"
        )

        #expect(handled.sorted() == wanted.sorted())
        #expect(ready == 0, "nothing may stay in the consumer queue")
        #expect(dead == (deadQueue ? UInt32(bad.count) : 0))
        let logged = log.entries.filter { $0.message.description == "cannot decode message" }
        for input in bad {
            #expect(
                logged.contains {
                    $0.metadata["message_id"]?.description == input.id
                        && $0.metadata["routing_key"]?.description == StrictConsumer.routingKeys[0]
                },
                "no log line names \(input.id)")
        }
    }

    @Test(LiveBroker.reachable) func aRoutingKeyOf255BytesWorksAndOneOf256IsRefusedClearly() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("long-key"))
        let publisher = Publisher(connection: hutch)
        let longest = String(repeating: "k", count: 255)
        try await publisher.publish(longest, ["n": 1], confirm: true)
        await #expect {
            try await publisher.publish(longest + "k", ["n": 1], confirm: true)
        } throws: { error in
            String(describing: error).contains("255")
        }
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [])
    }
}
