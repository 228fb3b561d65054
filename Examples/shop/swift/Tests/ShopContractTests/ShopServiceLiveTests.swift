import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import ShopService
import Testing

/// The shop's Swift service for real, against the test broker: its billing publishes an
/// invoice and its worker books it — the messages the contract tests check.
@Suite struct ShopServiceLiveTests {
    static let reachable: ConditionTrait = .enabled("needs a reachable RabbitMQ at HUTCH_TEST_BROKER_URL; scripts/test.sh starts one") {
        await TestBroker.isReachable(for: "ShopServiceLiveTests")
    }

    @Test(reachable) func theBillingsInvoiceIsBookedByTheInvoiceConsumer() async throws {
        var settings = HutchClientSettings(
            connection: try ConnectionOptions(url: try #require(TestBroker.url)),
            profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        // The shop's exchange and queues, under names no other run uses.
        settings.topology.mqExchange = TestBroker.uniqueName(area: "shop", "shop")
        settings.topology.namespace = TestBroker.uniqueName(area: "shop", "ns")
        let hutch = HutchConnection(settings: settings)
        let ledger = Ledger()
        let worker = Worker(connection: hutch, consumers: [InvoiceConsumer(ledger: ledger), ReminderConsumer(ledger: ledger)])
        let running = Task { try await worker.run() }
        try await worker.waitForSubscription()

        let invoice = InvoiceCreated(
            invoiceID: "inv-live", customer: "c-1", amountCents: 12990, currency: "EUR",
            lines: [
                .init(sku: "BOOK-1", quantity: 2, unitCents: 4995), .init(sku: "SHIP", quantity: 1, unitCents: 3000)
            ])
        try await Billing(publisher: worker.publisher).createInvoice(invoice)
        let deadline = ContinuousClock.now + .seconds(20)
        while await ledger.booked.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        worker.shutdown()
        try await running.value
        await cleanUp(settings)
        await hutch.close()
        #expect(await ledger.booked == [invoice])
    }

    /// Deletes what the run declared: the two consumer queues, the delay queues and the exchanges.
    private func cleanUp(_ settings: HutchClientSettings) async {
        let queues =
            [InvoiceConsumer.definition, ReminderConsumer.definition].map {
                QueueName.for($0, namespace: settings.topology.namespace, profile: settings.profile)
            } + DelayLevel.all.map { $0.delayQueueName(config: settings.topology, profile: settings.profile) }
        guard let connection = try? await AMQPConnection.connect(settings.connection), let channel = try? await connection.openChannel()
        else { return }
        for queue in queues { _ = try? await connection.deleteQueue(queue, on: channel) }
        try? await connection.deleteExchange(settings.topology.mqExchange, on: channel)
        try? await connection.deleteExchange(DelayLevel.scheduleExchange(for: settings.topology.mqExchange), on: channel)
        await connection.close()
    }
}
