import Hutch
import HutchAMQP
import HutchConventions
import MetricsTestKit
import Testing

/// Records the numbers it receives; numbers from 100 on wait until the gate opens.
struct AlarmConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("alarm-q")
    static let routingKeys = [LiveBroker.uniqueName("alarm-rk")]
    let received: Collector<Int>
    let gate: Locked<Bool>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws {
        while message.body.n >= 100, !gate.value { try await Task.sleep(for: .milliseconds(10)) }
        await received.append(message.body.n)
    }
}

/// A memory alarm (`rabbitmqctl set_vm_memory_high_watermark`) on the dedicated instance:
/// the broker blocks a connection that publishes (`connection.blocked`) and stops reading
/// its socket until the alarm clears. Part of the restart suite because the alarm, like a
/// restart, stops every publisher on the instance: the suite runs its tests one at a time.
extension BrokerRestartLiveTests {
    /// Turns the memory alarm on, runs `body`, and turns it off again (also when `body` throws).
    static func withMemoryAlarm(_ body: () async throws -> Void) async throws {
        try await RestartableBroker.ctl(["set_vm_memory_high_watermark", "0.0000001"])
        var failure: (any Error)?
        do { try await body() } catch { failure = error }
        _ = try? await RestartableBroker.ctl(["set_vm_memory_high_watermark", "0.4"])
        if let failure { throw failure }
    }

    /// The restart suite's settings with short waits: 3 s per publish, 2 s per request.
    static func alarmSettings() throws -> HutchClientSettings {
        var settings = try settings()
        settings.publishTimeout = .seconds(3)
        settings.connection.rpcTimeout = .seconds(2)
        return settings
    }

    @Test func aMemoryAlarmBlocksPublishingWithATypedErrorAndKeepsTheConnection() async throws {
        let metrics = TestMetrics()
        let settings = try {
            var settings = try Self.alarmSettings()
            settings.observability.metricsFactory = metrics
            return settings
        }()
        let routingKey = AlarmConsumer.routingKeys[0]
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [AlarmConsumer.queueName ?? ""]) } }
        try await Self.declareTopology(settings, for: AlarmConsumer.definition)
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("alarm"))
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("alarm"))
        let received = Collector<Int>()
        let gate = Locked(false)
        let worker = Worker(
            connection: hutch, consumers: [AlarmConsumer(received: received, gate: gate)], publisher: publisher,
            logger: LiveBroker.logger("alarm"))
        let running = start(worker)
        try await waitUntil(timeout: .seconds(10)) { worker.subscriptions >= 1 }
        try await publisher.publish(routingKey, ["n": 0])
        #expect(await received.wait(for: 1, timeout: .seconds(10)) == [0])
        // Five deliveries the handlers hold until the connection is blocked.
        for n in 100..<105 { try await publisher.publish(routingKey, ["n": n]) }
        let amqp = try await hutch.connection()

        var blockedAfter: [String] = []
        var timeout: PublishTimeout?
        var publishReturnedAfter = Duration.zero
        var requestError: AMQPError?
        var closedAfter = Duration.zero
        try await Self.withMemoryAlarm {
            // RabbitMQ blocks a connection once it publishes during the alarm: that publish
            // is still taken, then the broker sends connection.blocked and stops reading.
            let giveUp = ContinuousClock.now + .seconds(20)
            while !amqp.isBlocked, ContinuousClock.now < giveUp {
                do {
                    try await publisher.publish(routingKey, ["n": 1])
                    blockedAfter.append("confirmed")
                } catch {
                    blockedAfter.append("\(error)")
                }
                try await waitUntil(timeout: .seconds(1)) { amqp.isBlocked }
            }
            try #require(amqp.isBlocked, "the broker never blocked the connection: \(blockedAfter)")
            #expect(amqp.blockedReason == "low on memory")

            // The consumer goes on: its handlers finish and their acks are written (the
            // broker reads them once it unblocks), without waiting for the alarm.
            gate.withLock { $0 = true }
            try await waitUntil(timeout: .seconds(10)) { await received.items.filter { $0 >= 100 }.count == 5 }
            #expect(await received.items.filter { $0 >= 100 }.count == 5)
            #expect(amqp.isBlocked)

            // A publish waits for the unblock, writes nothing, and fails at its deadline saying why.
            let started = ContinuousClock.now
            do { try await publisher.publish(routingKey, ["n": 2]) } catch let error as PublishTimeout { timeout = error }
            publishReturnedAfter = ContinuousClock.now - started
            #expect(timeout?.waitingFor == .unblock(reason: "low on memory"), "\(String(describing: timeout))")
            #expect(publishReturnedAfter < .seconds(15))

            // Without confirms too: 5 MB that would fill the socket's send buffer (and stall
            // the I/O thread the consumer's acks and heartbeats go through) are not written.
            var unconfirmed: PublishTimeout?
            do {
                try await publisher.publish(routingKey, bytes: Array(repeating: 0x20, count: 5 << 20), confirm: false)
            } catch let error as PublishTimeout {
                unconfirmed = error
            }
            #expect(unconfirmed?.waitingFor == .unblock(reason: "low on memory"), "\(String(describing: unconfirmed))")

            // A request (what a worker resubscribing sends) waits too, and fails after the
            // RPC timeout without tearing down the connection the consumer uses.
            do { _ = try await amqp.openChannel() } catch let error as AMQPError { requestError = error }
            #expect(requestError?.code == .connectionBlocked, "\(String(describing: requestError))")
            #expect(requestError?.endsConnection == false)
            #expect(amqp.isBlocked)
            #expect(await hutch.generation == 1)
            #expect(worker.subscriptions == 1)

            // Closing a blocked connection does not wait for closes the broker will not read.
            var patient = try RestartableBroker.options()
            patient.rpcTimeout = .seconds(10)
            let other = try await AMQPConnection.connect(patient)
            let channel = try await other.openChannel()
            try await other.publish(BasicPublish(exchange: "", routingKey: "nowhere"), body: [1], on: channel)
            try await waitUntil(timeout: .seconds(10)) { other.isBlocked }
            #expect(other.isBlocked)
            let closing = ContinuousClock.now
            await other.close()
            closedAfter = ContinuousClock.now - closing
            #expect(closedAfter < .seconds(5), "close waited for a reply the broker does not send while blocked")
        }
        // The alarm is off: the broker unblocks the connection and reads it again.
        try await waitUntil(timeout: .seconds(20)) { !amqp.isBlocked }
        #expect(!amqp.isBlocked)
        try await publisher.publish(routingKey, ["n": 3])
        try await waitUntil(timeout: .seconds(10)) { await received.items.contains(3) }
        #expect(await received.items.contains(3))
        #expect(await hutch.generation == 1, "the alarm cost the connection")
        // The block is timed, under the broker's reason (hutch_blocked_duration).
        let blocked = { metrics.timers(label: "hutch_blocked_duration", dimensions: [("reason", "low on memory")]).first?.values ?? [] }
        try await waitUntil(timeout: .seconds(5)) { !blocked().isEmpty }
        #expect(blocked().count == 1)
        #expect(blocked().allSatisfy { $0 > 0 })
        #expect(worker.subscriptions == 1)
        print(
            """
            memory alarm: blocked after \(blockedAfter.count) publish(es) (\(blockedAfter)); a publish while blocked failed after \
            \(publishReturnedAfter) (publish timeout 3 s): \(timeout.map { "\($0)" } ?? "no error"); channel.open while blocked: \
            \(requestError.map { "\($0)" } ?? "no error"); a blocked connection closed in \(closedAfter); received \(await received.items); connections: \(await hutch.generation)
            """)
        worker.shutdown()
        try await running.value
        await hutch.close()
    }

    @Test func aBatchOnABlockedConnectionFailsEachMessageWithThePublishTimeoutAndTheConnectionStays() async throws {
        // Without metrics or tracing: `sendAll` writes its batch together (with them on it
        // sends each message by a task of its own, as the test above exercises).
        let settings = try Self.alarmSettings()
        let routingKey = AlarmConsumer.routingKeys[0]
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [AlarmConsumer.queueName ?? ""]) } }
        try await Self.declareTopology(settings, for: AlarmConsumer.definition)
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("alarm-batch"))
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("alarm-batch"))
        try await publisher.publish(routingKey, ["n": 0], confirm: true)
        let amqp = try await hutch.connection()
        let messages = try (1...3).map {
            try Publisher.message(routingKey, json: ["n": .integer(JSONInteger($0))], configuration: settings.publisherConfiguration)
        }
        var results: [Result<Void, any Error>] = []
        try await Self.withMemoryAlarm {
            // The broker blocks a connection once it publishes during the alarm.
            let giveUp = ContinuousClock.now + .seconds(20)
            while !amqp.isBlocked, ContinuousClock.now < giveUp {
                _ = try? await publisher.publish(routingKey, ["n": 100])
                try await waitUntil(timeout: .seconds(1)) { amqp.isBlocked }
            }
            try #require(amqp.isBlocked, "the broker never blocked the connection")
            results = await publisher.sendAll(messages, confirm: true)
        }
        let timeouts = results.map { result -> PublishTimeout? in
            if case .failure(let error) = result { return error as? PublishTimeout }
            return nil
        }
        #expect(results.count == 3)
        #expect(timeouts.allSatisfy { $0?.waitingFor == .unblock(reason: "low on memory") }, "\(results)")
        // The alarm is off: the same connection publishes the batch.
        try await waitUntil(timeout: .seconds(20)) { !amqp.isBlocked }
        let after = await publisher.sendAll(messages, confirm: true)
        #expect(after.allSatisfy { (try? $0.get()) != nil }, "\(after)")
        #expect(await hutch.generation == 1, "the alarm cost the connection")
        await hutch.close()
    }
}
