import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import InMemoryLogging
import Logging
import ServiceLifecycle
import Testing

struct UnreachableConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("unreachable-q")
    static let routingKeys = [LiveBroker.uniqueName("unreachable-rk")]
    func process(_ message: ReceivedMessage<JSONValue>) async throws {}
}

/// A handler stuck in code that ignores cancellation until the test opens its gate.
struct StuckConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("stuck-q")
    static let routingKeys = [LiveBroker.uniqueName("stuck-rk")]
    let gate: Gate
    func process(_ message: ReceivedMessage<JSONValue>) async throws { await gate.wait() }
}

struct MisdeclaredConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("misdeclared-q")
    static let routingKeys = [LiveBroker.uniqueName("misdeclared-rk")]
    func process(_ message: ReceivedMessage<JSONValue>) async throws {}
}

/// A stop reaches every wait: connecting to a broker that cannot be reached, the
/// reconnect backoff, handlers that ignore cancellation, waiting for a subscription.
@Suite struct WorkerShutdownLiveTests {
    static let plain = VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false)
    /// Well inside the 30 s backoff a stop must not wait out, and loose enough for the full
    /// suite on a loaded 2-core machine, where both pool threads can be busy with other
    /// tests for seconds (5 s was missed there once, the stop itself being prompt).
    static let promptly = Duration.seconds(15)

    /// Settings for a closed loopback port, retrying forever with a 30 s backoff.
    static func unreachableSettings() throws -> HutchClientSettings {
        var settings = HutchClientSettings(connection: try ConnectionOptions(url: "amqp://guest:guest@127.0.0.1:1/"), profile: plain)
        settings.reconnect = ReconnectBackoff(initial: .seconds(30), maximum: .seconds(30), maxAttempts: nil)
        return settings
    }

    static func recordingLogger(_ label: String) -> (Logger, InMemoryLogHandler) {
        let log = InMemoryLogHandler()
        var logger = Logger(label: label) { _ in log }
        logger.logLevel = .info
        return (logger, log)
    }

    /// Waits until `log` shows a failed connect being retried (the backoff has begun). The bound is
    /// generous: it only sets the scene (a loaded 2-core CI machine took over 10 s); what is
    /// asserted is that the stop comes within `promptly` after it.
    static func waitForRetry(_ log: InMemoryLogHandler) async throws -> Bool {
        try await waitUntil(timeout: .seconds(30)) { log.entries.contains { $0.message.description.hasPrefix("cannot connect to") } }
        return log.entries.contains { $0.message.description.hasPrefix("cannot connect to") }
    }

    @Test func shutdownEndsTheWorkerWhileTheBrokerIsUnreachable() async throws {
        let (logger, log) = Self.recordingLogger("unreachable-worker")
        let hutch = HutchConnection(settings: try Self.unreachableSettings(), logger: logger)
        let worker = Worker(connection: hutch, consumers: [UnreachableConsumer()], logger: logger)
        let running = start(worker)
        let waiter = Task { try await worker.waitForSubscription() }
        #expect(try await Self.waitForRetry(log))
        let stopping = ContinuousClock.now
        worker.shutdown()
        let ended = await outcome(of: running, within: Self.promptly)
        print("shutdown while the broker is unreachable: run() returned after \(ContinuousClock.now - stopping)")
        let waited = await outcome(of: waiter, within: Self.promptly)
        await hutch.close()
        try #require(ended, "run() did not return after shutdown()").get()
        let waitResult = try #require(waited, "waitForSubscription() did not return after the worker stopped")
        #expect(throws: WorkerStoppedBeforeSubscribing(wanted: 1, subscriptions: 0)) { try waitResult.get() }
    }

    @Test func aServiceGroupShutdownEndsWhileTheBrokerIsUnreachable() async throws {
        let (logger, log) = Self.recordingLogger("unreachable-group")
        let hutch = HutchConnection(settings: try Self.unreachableSettings(), logger: logger)
        let worker = Worker(connection: hutch, consumers: [UnreachableConsumer()], logger: logger)
        let group = ServiceGroup(services: [hutch, worker], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        #expect(try await Self.waitForRetry(log))
        await group.triggerGracefulShutdown()
        let ended = await outcome(of: running, within: Self.promptly)
        try #require(ended, "the service group did not return after a graceful shutdown").get()
    }

    @Test(LiveBroker.reachable) func runReturnsAfterTheGracefulExitTimeoutEvenIfAHandlerIgnoresCancellation() async throws {
        var configured = try LiveBroker.settings(profile: Self.plain)
        configured.gracefulExitTimeout = .milliseconds(500)
        let settings = configured
        let queue = StuckConsumer.queueName ?? ""
        let (logger, log) = Self.recordingLogger("stuck-handler")
        let gate = Gate()
        defer { gate.open() }
        let hutch = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: hutch, consumers: [StuckConsumer(gate: gate)], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()
        try await worker.publisher.publish(StuckConsumer.routingKeys[0], ["n": 1], properties: ["message_id": "stuck-1"], confirm: true)
        try await waitUntil(timeout: .seconds(10)) { gate.arrived == 1 }
        #expect(gate.arrived == 1)

        worker.shutdown()
        let ended = await outcome(of: running, within: Self.promptly)
        let inQueue = try await LiveBroker.messageCount(queue, settings: settings)
        gate.open()
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])

        try #require(ended, "run() waited for a handler that ignores cancellation").get()
        #expect(inQueue == 1, "the stuck handler's message goes back to the queue")
        let abandoned = log.entries.filter { $0.message.description.hasPrefix("handler abandoned") }
        #expect(
            abandoned.contains {
                $0.level == .error && $0.metadata["message_id"]?.description == "stuck-1"
                    && $0.metadata["consumer"]?.description == "StuckConsumer"
            })
    }

    @Test(LiveBroker.reachable) func waitForSubscriptionThrowsTheFailureThatEndedRunAndItIsLoggedAsAnError() async throws {
        let settings = try LiveBroker.settings(profile: Self.plain)
        let queue = MisdeclaredConsumer.queueName ?? ""
        // Another service declared the queue differently: the worker's declaration gets 406.
        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await amqp.declare(
            .queueDeclare(
                QueueDeclare(
                    queue: queue, durable: true, arguments: FieldTable(pairs: [("x-max-length", .int64(7))]))), on: channel)
        await amqp.close()
        let (logger, log) = Self.recordingLogger("misdeclared")
        let hutch = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: hutch, consumers: [MisdeclaredConsumer()], logger: logger)
        let running = start(worker)
        let waited = await outcome(of: Task { try await worker.waitForSubscription() }, within: .seconds(30))
        let ended = await outcome(of: running, within: Self.promptly)
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])

        let waitResult = try #require(waited, "waitForSubscription() never returned although run() failed")
        #expect { try waitResult.get() } throws: { ($0 as? QueueDeclarationMismatch)?.underlying.code == .preconditionFailed }
        let runResult = try #require(ended)
        #expect { try runResult.get() } throws: { ($0 as? QueueDeclarationMismatch)?.underlying.code == .preconditionFailed }
        #expect(
            log.entries.contains {
                $0.level == .error && $0.message.description.hasPrefix("worker stopped by a failure")
                    && ($0.metadata["error"]?.description.contains("x-max-length") ?? false)
            })
    }

    @Test(LiveBroker.reachable) func waitForSubscriptionThrowsWhenTheCredentialsAreWrong() async throws {
        var settings = try LiveBroker.settings(profile: Self.plain)
        settings.connection.password = "not-the-password"
        let (logger, log) = Self.recordingLogger("bad-credentials")
        let hutch = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: hutch, consumers: [MisdeclaredConsumer()], logger: logger)
        let running = start(worker)
        let waited = await outcome(of: Task { try await worker.waitForSubscription() }, within: .seconds(30))
        _ = await outcome(of: running, within: Self.promptly)
        await hutch.close()

        let waitResult = try #require(waited, "waitForSubscription() never returned although run() failed")
        #expect { try waitResult.get() } throws: { ($0 as? AMQPError)?.code == .authenticationFailed }
        #expect(log.entries.contains { $0.level == .error && $0.message.description.hasPrefix("worker stopped by a failure") })
        #expect(!log.entries.contains { "\($0.message) \($0.metadata)".contains("not-the-password") })
    }

    @Test func aCancelledSubscriptionWaiterReturns() async throws {
        let hutch = HutchConnection(settings: try Self.unreachableSettings())
        let worker = Worker(connection: hutch, consumers: [UnreachableConsumer()])
        let waiting = Task { try await worker.waitForSubscription() }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        let ended = try #require(await outcome(of: waiting, within: Self.promptly), "the cancelled waiter went on waiting")
        #expect(throws: CancellationError.self) { try ended.get() }
    }
}
