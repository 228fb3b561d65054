import HutchConformance
import HutchConventions
import Testing

@testable import HutchContract

/// The verdict on a publishing fixture from the Ruby peer's reports, without a peer:
/// what fails (a consumer error, a nack, nothing reported, no binding) and how it is named.
@Suite struct RubyConsumerVerdictTests {
    static let invoice = PeerConsumerSummary(className: "Shop::InvoiceConsumer", routingKeys: ["shop.invoice.created"])
    static let reminder = PeerConsumerSummary(className: "Shop::ReminderConsumer", routingKeys: ["shop.invoice.remind"])

    static func sent(_ routingKey: String, id: String = "m-1") -> OutgoingMessage {
        var properties = BasicProperties()
        properties.messageID = id
        return OutgoingMessage(exchange: "shop", routingKey: routingKey, properties: properties, body: Array(#"{"amount":1}"#.utf8))
    }

    static func verdict(_ routingKey: String) -> RubyConsumerVerdict {
        RubyConsumerVerdict(
            fixture: "f", sent: sent(routingKey), destinations: [routingKey], consumers: [invoice, reminder], waited: "within 15 seconds")
    }

    static func delivery(_ consumer: String, id: String = "m-1", error: (String, String)? = nil, outcome: String?) -> PeerDeliveryOutcome {
        PeerDeliveryOutcome(
            consumer: consumer, routingKey: "shop.invoice.created", deliveryTag: 1, messageID: id,
            action: error.map { "raise \($0.0)" } ?? "return", error: error.map { (className: $0.0, message: $0.1) }, outcome: outcome,
            deaths: 0)
    }

    @Test func anAcceptedDeliveryToEveryBindingConsumerPasses() {
        let checks = Self.verdict("shop.invoice.created").checks([Self.delivery("Shop::InvoiceConsumer", outcome: "ack")])
        #expect(checks.map(\.name) == ["ruby consumers bind", "ruby consumer Shop::InvoiceConsumer"])
        #expect(checks.allSatisfy { $0.passed })
    }

    @Test func aConsumerErrorFailsNamingConsumerRoutingKeyAndReason() {
        let checks = Self.verdict("shop.invoice.created").checks([
            Self.delivery("Shop::InvoiceConsumer", error: ("ArgumentError", "amount_cents must be an Integer, got nil"), outcome: "nack")
        ])
        #expect(
            checks.last?.differences == [
                Difference(
                    path: "Shop::InvoiceConsumer, routing key \"shop.invoice.created\"",
                    ruby: "raised ArgumentError: amount_cents must be an Integer, got nil; the worker sent nack",
                    swift: #"published {"amount":1}"#)
            ])
    }

    @Test func aNackWithoutAnErrorAndAMissingOutcomeFail() {
        #expect(
            Self.verdict("shop.invoice.created").checks([Self.delivery("Shop::InvoiceConsumer", outcome: "requeue")]).last?.passed == false)
        let missing = Self.verdict("shop.invoice.created").checks([Self.delivery("Shop::InvoiceConsumer", outcome: nil)])
        #expect(missing.last?.differences.first?.ruby == "returned; no outcome reported")
    }

    @Test func aBindingConsumerThatReportedNothingFails() {
        let checks = Self.verdict("shop.invoice.created").checks([Self.delivery("Shop::InvoiceConsumer", id: "another", outcome: "ack")])
        #expect(
            checks.last?.differences == [
                Difference(
                    path: "Shop::InvoiceConsumer, routing key \"shop.invoice.created\"", ruby: "no delivery reported within 15 seconds",
                    swift: #"published {"amount":1}"#)
            ])
    }

    @Test func noBindingConsumerFailsListingTheAppsBindings() {
        let checks = Self.verdict("shop.invoices.created").checks([])
        #expect(checks.count == 1)
        #expect(
            checks[0].differences == [
                Difference(
                    path: "routing key \"shop.invoices.created\"",
                    ruby:
                        "no consumer of the Ruby app binds it; its consumers: Shop::InvoiceConsumer (\"shop.invoice.created\"), Shop::ReminderConsumer (\"shop.invoice.remind\")",
                    swift: "publishes to exchange \"shop\" with routing key \"shop.invoices.created\"")
            ])
    }

    @Test func aDelayedFixtureWaitsForItsDelayLevel() {
        #expect(RubyPeerContractRun.delaySeconds(Self.sent("shop.schedule.10s"), exchange: "shop") == 10)
        #expect(RubyPeerContractRun.delaySeconds(Self.sent("shop.invoice.created"), exchange: "shop") == 0)
    }
}
