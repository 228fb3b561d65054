import Hutch
import HutchAMQP
import HutchConformance
import HutchConventions
import HutchManagement
import HutchTestSupport
import InMemoryLogging
import Logging
import Testing

/// A consumer on the broken pairing's exchange; one with a queue argument the pairing drops.
struct PairedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("paired-q")
    static let routingKeys = [LiveBroker.uniqueName("paired")]
    func process(_ message: ReceivedMessage<JSONValue>) async throws {}
}

struct BoundedPairedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("bounded-paired-q")
    static let routingKeys = [LiveBroker.uniqueName("bounded-paired")]
    static let arguments: JSONObject = ["x-max-length": 10]
    func process(_ message: ReceivedMessage<JSONValue>) async throws {}
}

/// What the worker and the publisher say about a broken Ruby pairing (hutch-schedule
/// 0.7.3 on Hutch 1.3.1), against the real broker and its management API.
/// One test at a time: they share the consumers' queues.
@Suite(LiveBroker.reachable, .serialized, .timeLimit(.minutes(2)))
struct PairingNoticesLiveTests {
    static let broken = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)
    static var management: ManagementAPI? {
        TestBroker.managementURL.map { ManagementAPI(baseURL: $0, username: "guest", password: "guest") }
    }

    static func recordingLogger() -> (Logger, InMemoryLogHandler) {
        let log = InMemoryLogHandler()
        var logger = Logger(label: "pairing") { _ in log }
        logger.logLevel = .info
        return (logger, log)
    }

    static func settings(_ configure: (inout PairingSettings) -> Void = { _ in }) throws -> HutchClientSettings {
        var settings = try LiveBroker.settings(profile: broken)
        configure(&settings.pairing)
        return settings
    }

    /// Runs a worker until it subscribed and `condition` holds for its log (at most 10 s).
    static func runWorker(
        _ settings: HutchClientSettings, consumers: [any HutchConsumer] = [PairedConsumer()],
        until condition: @escaping @Sendable (InMemoryLogHandler) -> Bool
    ) async throws -> InMemoryLogHandler {
        let (logger, log) = recordingLogger()
        let hutch = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: hutch, consumers: consumers, logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()
        try await waitUntil(timeout: .seconds(15)) { condition(log) }
        worker.shutdown()
        try await running.value
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: consumers.map { type(of: $0).definition.queueName ?? "" })
        if let management, let broken = BrokenPairing.detect(settings) {
            try? await management.deletePolicy(named: broken.repair.name, virtualHost: "/")
        }
        return log
    }

    static func explanations(_ log: InMemoryLogHandler) -> [InMemoryLogHandler.Entry] {
        log.entries.filter { $0.message.description.contains("declares its delay queues without TTL") }
    }

    static func says(_ log: InMemoryLogHandler, _ text: String) -> Bool {
        log.entries.contains { $0.message.description.contains(text) }
    }

    @Test(.enabled(if: TestBroker.managementURL != nil, "needs HUTCH_TEST_MANAGEMENT_URL (scripts/test.sh sets it)"))
    func withoutThePolicyTheWorkerExplainsTheLossOnceAtErrorLevel() async throws {
        let settings = try Self.settings { $0.managementURL = TestBroker.managementURL }
        let log = try await Self.runWorker(settings) { !Self.explanations($0).isEmpty }
        let explanations = Self.explanations(log)
        #expect(explanations.count == 1)
        #expect(explanations.first?.level == .error)
        #expect(explanations.first?.message.description.contains("no dead-letter exchange on 21 delay queues") == true)
    }

    @Test(.enabled(if: TestBroker.managementURL != nil, "needs HUTCH_TEST_MANAGEMENT_URL (scripts/test.sh sets it)"))
    func askedToTheWorkerAppliesTheRepairPolicyAndSaysOnceThatItIsInEffect() async throws {
        let settings = try Self.settings {
            $0.managementURL = TestBroker.managementURL
            $0.applyRepairPolicy = true
        }
        let repair = try #require(BrokenPairing.detect(settings)).repair
        let log = try await Self.runWorker(settings) { Self.says($0, "repaired by policy") }
        let repaired = log.entries.filter { $0.message.description.contains("repaired by policy \(repair.name)") }
        #expect(repaired.count == 1)
        #expect(repaired.first?.level == .info)
        #expect(Self.says(log, "applied the repair policy \(repair.name)"))
        #expect(Self.explanations(log).isEmpty, "the explanation is not repeated once the policy is in effect")
        #expect(!log.entries.contains { $0.level >= .warning && $0.message.description.contains("delay queues") })
    }

    @Test(.enabled(if: TestBroker.managementURL != nil, "needs HUTCH_TEST_MANAGEMENT_URL (scripts/test.sh sets it)"))
    func theExplicitCallAppliesThePolicyAndTheCheckSeesIt() async throws {
        let settings = try Self.settings { $0.managementURL = TestBroker.managementURL }
        let repair = try #require(BrokenPairing.detect(settings)).repair
        let amqp = try await AMQPConnection.connect(settings.connection)
        try await TopologyDeclarer(settings: settings).declare(
            consumers: [], on: amqp, channel: try await amqp.openChannel(), includeQos: false)
        await amqp.close()
        let check = PairingCheck(settings: settings)
        guard case .missing(let queues) = await check.status() else {
            Issue.record("the unrepaired delay queues were not reported missing")
            return
        }
        #expect(queues.count == 21)
        try await check.applyRepairPolicy()
        var status = await check.status()
        // The management API shows the policy on a queue once it next collects statistics (every 5 s by default).
        let deadline = ContinuousClock.now + .seconds(15)
        while status != .inEffect(policies: [repair.name]), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            status = await check.status()
        }
        #expect(status == .inEffect(policies: [repair.name]))
        try? await Self.management?.deletePolicy(named: repair.name, virtualHost: "/")
        await LiveBroker.cleanUp(settings: settings, queues: [])
    }

    @Test func anAcknowledgedRepairIsMentionedOnceAtInfoLevelAndNotChecked() async throws {
        let settings = try Self.settings { $0.repairAcknowledged = true }
        let log = try await Self.runWorker(settings) { Self.says($0, "acknowledged") }
        #expect(log.entries.filter { $0.message.description.contains("acknowledged") }.map(\.level) == [.info])
        #expect(Self.explanations(log).isEmpty)
    }

    @Test func withoutTheManagementAPITheLossIsAWarningSaidOnce() async throws {
        let settings = try Self.settings()
        let log = try await Self.runWorker(settings) { !Self.explanations($0).isEmpty }
        let explanations = Self.explanations(log)
        #expect(explanations.map(\.level) == [.warning])
        #expect(explanations.first?.message.description.contains("cannot be checked: no management API configured") == true)
    }

    @Test(.enabled(if: TestBroker.managementURL != nil, "needs HUTCH_TEST_MANAGEMENT_URL (scripts/test.sh sets it)"))
    func aPublishOnlyProcessCallingEnqueueInOnABrokenPairingLogsOnce() async throws {
        let settings = try Self.settings { $0.managementURL = TestBroker.managementURL }
        let (logger, log) = Self.recordingLogger()
        let hutch = HutchConnection(settings: settings, logger: logger)
        let publisher = Publisher(connection: hutch, logger: logger)
        for n in 0..<3 { try await publisher.enqueueIn(.seconds(5), ["n": n], for: PairedConsumer.self, confirm: true) }
        try await waitUntil(timeout: .seconds(10)) { !Self.explanations(log).isEmpty }
        try await Task.sleep(for: .milliseconds(300))
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [])
        let explanations = Self.explanations(log)
        #expect(explanations.count == 1)
        #expect(explanations.first?.level == .error)
        #expect(explanations.first?.metadata["context"]?.description == "enqueueIn")
    }

    @Test func theWorkerWarnsOncePerConsumerWhoseQueueThePairingDeclaresWithLess() async throws {
        let settings = try Self.settings { $0.repairAcknowledged = true }
        let log = try await Self.runWorker(settings, consumers: [PairedConsumer(), BoundedPairedConsumer()]) {
            Self.says($0, "acknowledged")
        }
        let warnings = log.entries.filter { $0.level == .warning && $0.message.description.contains("plain Hutch declares it durable") }
        #expect(warnings.count == 2)
        let bounded = warnings.filter { $0.message.description.contains("consumer BoundedPairedConsumer") }
        #expect(bounded.count == 1)
        #expect(bounded.first?.message.description.contains("non-durable (gone after a broker restart) and without x-max-length") == true)
    }

    @Test func aQueueRubyDeclaredDurableIsNamedInsteadOfABare406() async throws {
        let settings = try Self.settings { $0.repairAcknowledged = true }
        let queue = PairedConsumer.queueName ?? ""
        // Plain Hutch 1.3.1 declared the consumer's queue first: durable.
        var plain = settings
        plain.profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)
        plain.declareSchedule = false
        let amqp = try await AMQPConnection.connect(settings.connection)
        try await TopologyDeclarer(settings: plain).declare(
            consumers: [PairedConsumer.definition], on: amqp, channel: try await amqp.openChannel())
        await amqp.close()
        let (logger, _) = Self.recordingLogger()
        let hutch = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: hutch, consumers: [PairedConsumer()], logger: logger)
        let ended = await outcome(of: Task { try await worker.run() }, within: .seconds(15))
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])
        let result = try #require(ended, "the worker did not stop on the refused declaration")
        #expect { try result.get() } throws: { error in
            guard let mismatch = error as? QueueDeclarationMismatch else { return false }
            return mismatch.argument == "durable" && mismatch.underlying.code == .preconditionFailed
                && "\(mismatch)".hasPrefix(
                    "Ruby declared `\(queue)` durable; this profile (Hutch 1.3.1 + hutch-schedule 0.7) declares it non-durable: is the Ruby side plain Hutch"
                )
        }
    }

    @Test func beforeDeclaringAnythingTheWorkerNamesEveryExistingQueueThatDiffers() async throws {
        let settings = try Self.settings { $0.repairAcknowledged = true }
        let queues = [PairedConsumer.queueName ?? "", BoundedPairedConsumer.queueName ?? ""]
        // Another side declared both consumer queues durable; nothing else exists yet.
        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        for queue in queues { try await amqp.declare(.queueDeclare(QueueDeclare(queue: queue, durable: true)), on: channel) }
        let (logger, log) = Self.recordingLogger()
        let hutch = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: hutch, consumers: [PairedConsumer(), BoundedPairedConsumer()], logger: logger)
        let ended = await outcome(of: Task { try await worker.run() }, within: .seconds(15))
        await hutch.close()
        // The worker declared nothing: no exchange, no delay queue.
        let exchangeDeclared: Bool
        do {
            try await amqp.declare(
                .exchangeDeclare(ExchangeDeclare(exchange: settings.topology.mqExchange, passive: true)), on: try await amqp.openChannel())
            exchangeDeclared = true
        } catch {
            exchangeDeclared = false
        }
        await amqp.close()
        await LiveBroker.cleanUp(settings: settings, queues: queues)

        let result = try #require(ended, "the worker did not stop on the mismatched queues")
        #expect { try result.get() } throws: { ($0 as? QueueDeclarationMismatch)?.queue == queues[0] }
        for queue in queues {
            #expect(log.entries.contains { $0.level == .error && $0.message.description.hasPrefix("Ruby declared `\(queue)` durable") })
        }
        #expect(!exchangeDeclared, "the exchange was declared before the mismatch was found")
    }
}
