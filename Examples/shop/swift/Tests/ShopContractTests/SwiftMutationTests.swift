import Hutch
import HutchContract
import ShopService
import Testing

/// Swift-side mutations of the shop's service: each makes the contract against the
/// unchanged Ruby recording fail, with a message naming the field or routing key.
@Suite struct SwiftMutationTests {
    // A mutated copy of `InvoiceCreated`: `amount_cents` renamed to `amount`.
    struct InvoiceWithRenamedAmount: Codable, Sendable {
        var invoiceID: String
        var customer: String
        var amount: Int
        var currency: String
        var lines: [InvoiceCreated.Line]

        enum CodingKeys: String, CodingKey {
            case invoiceID = "invoice_id"
            case customer, amount, currency, lines
        }
    }

    struct RenamedFieldInvoiceConsumer: HutchConsumer {
        static let className = "Shop::InvoiceConsumer"
        static let routingKeys = ["shop.invoice.created"]
        func process(_ message: ReceivedMessage<InvoiceWithRenamedAmount>) async throws {}
    }

    struct ChangedRoutingKeyInvoiceConsumer: HutchConsumer {
        static let className = "Shop::InvoiceConsumer"
        static let routingKeys = ["shop.invoice.issued"]
        func process(_ message: ReceivedMessage<InvoiceCreated>) async throws {}
    }

    struct ChangedAttemptsReminderConsumer: HutchConsumer {
        static let className = "Shop::ReminderConsumer"
        static let routingKeys = ["shop.invoice.remind"]
        static let attempts = 5
        func process(_ message: ReceivedMessage<PaymentReminder>) async throws {}
    }

    // A mutated copy of `InvoiceCreated` whose amount became a Double: Ruby reads 4995.0
    // as a Float where its own publisher sends an Integer.
    struct InvoiceWithFloatAmount: Codable, Sendable {
        var invoice_id: String
        var customer: String
        var amount_cents: Double
        var currency: String
        var lines: [InvoiceCreated.Line]
    }

    func verify(_ consumers: [ContractConsumer], _ publishes: [PublishingFixture]) -> ContractReport {
        MessageContract(exchange: ShopContract.exchange, consumers: consumers, publishes: publishes)
            .verify(corpusAt: [ContractPaths.recorded])
    }

    @Test func aRenamedFieldInTheCodableTypeFails() {
        let invoice = ShopContract.sampleInvoice
        let renamed = InvoiceWithRenamedAmount(
            invoiceID: invoice.invoiceID, customer: invoice.customer, amount: invoice.amountCents, currency: invoice.currency,
            lines: invoice.lines)
        let report = verify(
            [ContractConsumer(RenamedFieldInvoiceConsumer.self), ContractConsumer(ReminderConsumer.self)],
            [.publish("shop.invoice.created", renamed)])
        let text = MutationReport.text(report, mutation: "swift-renamed-field")
        #expect(!report.passed)
        let differences = MutationReport.differences(report)
        // Ruby → Swift: the Swift consumer cannot decode what Ruby publishes.
        #expect(
            differences.contains {
                $0.path == "body.amount" && $0.swift.hasPrefix("keyNotFound") && $0.check.hasPrefix("decode Shop::InvoiceConsumer")
            }, "\(text)")
        // Swift → Ruby: the Swift message lacks the key Ruby's consumer reads.
        #expect(
            differences.contains { $0.path == "body.amount_cents" && $0.swift.contains("absent") && $0.swift.contains("amount") }, "\(text)"
        )
    }

    @Test func aChangedRoutingKeyFails() {
        let report = verify(
            [ContractConsumer(ChangedRoutingKeyInvoiceConsumer.self), ContractConsumer(ReminderConsumer.self)],
            [.publish("shop.invoice.issued", ShopContract.sampleInvoice)])
        let text = MutationReport.text(report, mutation: "swift-changed-routing-key")
        #expect(!report.passed)
        let differences = MutationReport.differences(report)
        #expect(
            differences.contains {
                $0.path == "routing key \"shop.invoice.issued\"" && $0.swift.contains("nothing checked for consumer Shop::InvoiceConsumer")
            }, "\(text)")
        #expect(
            differences.contains {
                $0.path == "routing keys" && $0.ruby.hasPrefix("\"shop.invoice.created\"") && $0.swift == "\"shop.invoice.issued\""
            }, "\(text)")
        #expect(differences.contains { $0.check == "routing" && $0.ruby.hasPrefix("no recorded Ruby consumer binds it") }, "\(text)")
    }

    @Test func changedAttemptsOnASharedQueueFail() {
        let report = verify([ContractConsumer(InvoiceConsumer.self), ContractConsumer(ChangedAttemptsReminderConsumer.self)], [])
        let text = MutationReport.text(report, mutation: "swift-changed-attempts")
        #expect(!report.passed)
        #expect(
            MutationReport.differences(report).contains { $0.path == "attempts" && $0.ruby.hasPrefix("3 ") && $0.swift == "5" }, "\(text)")
    }

    @Test func aFloatWhereRubySendsAnIntegerFails() {
        let invoice = ShopContract.sampleInvoice
        let floated = InvoiceWithFloatAmount(
            invoice_id: invoice.invoiceID, customer: invoice.customer, amount_cents: Double(invoice.amountCents),
            currency: invoice.currency,
            lines: invoice.lines)
        let report = verify(
            [ContractConsumer(InvoiceConsumer.self), ContractConsumer(ReminderConsumer.self)], [.publish("shop.invoice.created", floated)])
        let text = MutationReport.text(report, mutation: "swift-float-amount")
        #expect(!report.passed)
        #expect(
            MutationReport.differences(report).contains {
                $0.path == "body.amount_cents" && $0.ruby.contains("Integer") && $0.swift == "4995.0 (Float)"
            }, "\(text)")
    }

    @Test func theUnmutatedServicePasses() {
        let report = ShopContract.contract.verify(corpusAt: [ContractPaths.recorded])
        #expect(report.passed, "\(report.text)")
    }
}
