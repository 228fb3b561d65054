// swift-format-ignore-file
// (the README's and the DocC articles' code blocks stand verbatim in this file: DocumentedBlocks checks it)
import Foundation
import Hutch
import Testing
import Tracing

// The Hutch catalog's articles (Sources/Hutch/Hutch.docc), compiled here with
// `import Hutch` alone (Foundation only for reading the articles; Tracing for the tracing
// article, which says so) and run against the
// test broker. `articleBlocksAreHere` checks that every article block stands verbatim
// in this file.

/// The application's own code the article's consumer hands invoices to.
actor InvoiceLedger {
    struct Entry: Sendable {
        var invoice: InvoiceCreated
        var rawBody: [UInt8]
        var failureCount: Int
    }
    private(set) var entries: [Entry] = []
    func record(_ invoice: InvoiceCreated, rawBody: [UInt8], failureCount: Int) {
        entries.append(Entry(invoice: invoice, rawBody: rawBody, failureCount: failureCount))
    }
}

struct InvoiceCreated: Codable, Sendable {
    var id: Int
    var total: Double
    var note: String?
}

struct InvoiceConsumer: HutchConsumer {
    static let routingKeys = ["billing.invoice.created"]
    static let attempts = 3  // hutch-schedule's `attempts 3`
    let ledger: InvoiceLedger

    func process(_ message: ReceivedMessage<InvoiceCreated>) async throws {
        await ledger.record(message.body, rawBody: message.rawBody, failureCount: message.failureCount)
    }
}

struct InvoiceVoided: Encodable {
    var id: Int
    var reason: String?

    enum CodingKeys: String, CodingKey { case id, reason }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        if let reason { try container.encode(reason, forKey: .reason) } else { try container.encodeNil(forKey: .reason) }
    }
}

struct InvoicePaidConsumer: HutchConsumer {
    static let routingKeys = ["billing.invoice.paid"]

    func process(_ message: ReceivedMessage<InvoiceCreated>, context: HandlerContext) async throws {
        context.logger.info("invoice paid")  // message_id, routing_key, consumer as metadata
        try await context.publisher.publish("billing.receipt.requested", message.body)
    }
}

@Suite struct DocCExamplesTests {
    @Test(LiveBroker.reachable) func gettingStartedRuns() async throws {
        let exchange = LiveBroker.uniqueName("docc")
        let environment = ["HUTCH_URI": try #require(LiveBroker.url), "HUTCH_MQ_EXCHANGE": exchange]
        let logger = LiveBroker.logger("docc")
        let ledger = InvoiceLedger()

        let settings = try HutchClientSettings.load(
            env: environment,  // ProcessInfo.processInfo.environment in a service
            profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))

        let connection = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: connection, consumers: [InvoiceConsumer(ledger: ledger)], logger: logger)
        let services = ServiceGroup(services: [connection, worker], gracefulShutdownSignals: [.sigterm], logger: logger)
        let running = Task { try await services.run() }
        try await worker.waitForSubscription()

        let publisher = Publisher(connection: connection, logger: logger)
        try await publisher.publish("billing.invoice.created", InvoiceCreated(id: 7, total: 12.5, note: nil), confirm: true)
        // the body is {"id":7,"total":12.5}: a nil optional is left out

        try await publisher.enqueueIn(.seconds(5), InvoiceCreated(id: 8, total: 3, note: "late"), for: InvoiceConsumer.self)

        try await waitUntil(timeout: .seconds(30)) { await !ledger.entries.isEmpty }

        await services.triggerGracefulShutdown()
        try await running.value

        await LiveBroker.cleanUp(settings: settings, queues: ["invoice_consumer"])
        let entry = try #require(await ledger.entries.first, "the published invoice never reached the consumer")
        #expect(entry.invoice.id == 7)
        #expect(entry.failureCount == 0)
        #expect(String(decoding: entry.rawBody, as: UTF8.self) == #"{"id":7,"total":12.5}"#)
    }

    @Test(LiveBroker.reachable) func handlerContextAndRuntimeConsumersRun() async throws {
        let exchange = LiveBroker.uniqueName("docc-runtime")
        let settings = try HutchClientSettings.load(
            env: ["HUTCH_URI": try #require(LiveBroker.url), "HUTCH_MQ_EXCHANGE": exchange],
            profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        let logger = LiveBroker.logger("docc-runtime")
        let ledger = InvoiceLedger()
        let receipts = InvoiceLedger()
        let connection = HutchConnection(settings: settings, logger: logger)
        let receiptConsumer = DynamicConsumer(
            ConsumerDefinition(className: "ReceiptRequestConsumer", routingKeys: ["billing.receipt.requested"]), body: InvoiceCreated.self
        ) { message, _ in await receipts.record(message.body, rawBody: message.rawBody, failureCount: 0) }
        let paidWorker = Worker(connection: connection, consumers: [InvoicePaidConsumer()], dynamicConsumers: [receiptConsumer], logger: logger)

        let tenants = ["Acme", "Globex"]  // read from configuration
        let tenantConsumers = tenants.map { tenant in
            DynamicConsumer(
                ConsumerDefinition(
                    className: "Billing::\(tenant)InvoiceConsumer",  // queue billing:acme_invoice_consumer, as Hutch names it
                    routingKeys: ["billing.\(tenant.lowercased()).invoice.created"], attempts: 3),
                maxConcurrency: 2, body: InvoiceCreated.self
            ) { message, context in
                await ledger.record(message.body, rawBody: message.rawBody, failureCount: context.failureCount)
            }
        }
        let tenantWorker = Worker(connection: connection, dynamicConsumers: tenantConsumers, logger: logger)

        let queues = try TopologyDeclarer(settings: settings).plan(consumers: paidWorker.consumerDefinitions + tenantWorker.consumerDefinitions)
            .consumerQueues
        #expect(queues == ["invoice_paid_consumer", "receipt_request_consumer", "billing:acme_invoice_consumer", "billing:globex_invoice_consumer"])
        let services = ServiceGroup(services: [connection, paidWorker, tenantWorker], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await services.run() }
        try await paidWorker.waitForSubscription()
        try await tenantWorker.waitForSubscription()
        try await paidWorker.publisher.publish("billing.globex.invoice.created", InvoiceCreated(id: 21, total: 1, note: nil), confirm: true)
        try await paidWorker.publisher.publish("billing.invoice.paid", InvoiceCreated(id: 22, total: 2, note: nil), confirm: true)
        try await waitUntil(timeout: .seconds(10)) {
            let tenantInvoices = await ledger.entries.count
            let receiptRequests = await receipts.entries.count
            return tenantInvoices > 0 && receiptRequests > 0
        }
        await services.triggerGracefulShutdown()
        try await running.value
        await LiveBroker.cleanUp(settings: settings, queues: queues)
        #expect(await ledger.entries.map(\.invoice.id) == [21])
        #expect(await receipts.entries.map(\.invoice.id) == [22])
    }

    @Test func explicitNilIsNullAndANilOptionalIsLeftOut() throws {
        let voided = try RubyJSONEncoder().encode(InvoiceVoided(id: 7, reason: nil))
        #expect(String(decoding: voided, as: UTF8.self) == #"{"id":7,"reason":null}"#)
        let created = try RubyJSONEncoder().encode(InvoiceCreated(id: 7, total: 12.5, note: nil))
        #expect(String(decoding: created, as: UTF8.self) == #"{"id":7,"total":12.5}"#)
    }

    @Test func livingBesideRubyPrintsTheRepair() throws {
        let settings = try HutchClientSettings.load(
            env: ["HUTCH_MQ_EXCHANGE": "shop"], profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        var printed: [String] = []
        func print(_ line: String) { printed.append(line) }

        if let broken = BrokenPairing.detect(settings) {
            print(broken.repair.rabbitmqctlCommand)  // rabbitmqctl set_policy -p '/' … (once per vhost)
        }

        let command = try #require(printed.first, "the Hutch 1.3.1 + hutch-schedule pairing is not detected as broken")
        #expect(command.hasPrefix("rabbitmqctl set_policy"))
        #expect(command.contains("shop_delay_queue_"))
    }

    @Test func countingRetriesWithTheCounterHeader() throws {
        let environment = ["HUTCH_MQ_EXCHANGE": "shop"]

        var settings = try HutchClientSettings.load(
            env: environment, profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        settings.retryCounting = .counterHeader(RetryCountHeader())  // x-hutch-retry-count

        guard case .counterHeader(let header) = settings.retryCounting else { Issue.record("not the counter header"); return }
        #expect(header.failureCount(headers: FieldTable(pairs: [(header.name, .int64(2))]), routingKeys: ["a"]) == 2)
    }

    @Test func metricsAndTracingTurnsTracingOn() {
        #expect(HutchClientSettings().observability.tracer == nil, "tracing is off by default")
        var settings = HutchClientSettings()
        settings.observability.tracer = InstrumentationSystem.tracer   // after bootstrapping swift-otel
        #expect(settings.observability.tracer != nil)
    }

    @Test func livingBesideRubyAsksForThePairingCheckAndRepair() {
        var settings = HutchClientSettings()
        #expect(settings.pairing.managementURL == nil && !settings.pairing.applyRepairPolicy)

        settings.pairing.managementURL = "http://127.0.0.1:15672"   // called with the connection's credentials
        settings.pairing.applyRepairPolicy = true   // or: try await PairingCheck(settings: settings).applyRepairPolicy()
        #expect(settings.pairing.managementURL == "http://127.0.0.1:15672" && settings.pairing.applyRepairPolicy)
    }

    @Test func articleBlocksAreHere() throws {
        let catalog = DocumentedBlocks.root.appendingPathComponent("Sources/Hutch/Hutch.docc")
        let articles = try FileManager.default.contentsOfDirectory(atPath: catalog.path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(articles.count >= 4)
        var total = 0
        for article in articles {
            let blocks = try DocumentedBlocks(markdown: "Sources/Hutch/Hutch.docc/\(article)")
            #expect(blocks.checkedElsewhere.isEmpty)
            total += blocks.compiledHere.count
            try DocumentedBlocks.expectCompiled(
                blocks.compiledHere, in: ["Tests/HutchTests/Readme/DocCExamplesTests.swift"], document: article)
        }
        #expect(total >= 7)
    }
}
