import Foundation
import HutchContract
import Testing

/// Ruby-side mutations of the shop's app, each recorded with the real gems
/// (`Examples/shop/contract-mutations/<name>/`: the app's diff and its golden
/// recording): the unchanged Swift service's contract fails against each, naming the
/// field, the routing key or `attempts`.
@Suite struct RubyMutationTests {
    func verify(_ mutation: String) throws -> (report: ContractReport, text: String) {
        let path = ContractPaths.mutation(mutation)
        try #require(FileManager.default.fileExists(atPath: path), "the golden recording of \(mutation) is missing at \(path)")
        let report = ShopContract.contract.verify(corpusAt: [path])
        return (report, MutationReport.text(report, mutation: "ruby-\(mutation)"))
    }

    @Test func aRenamedFieldInTheRubyPublisherFails() throws {
        // billing.rb: `amount_cents:` became `amount:`.
        let (report, text) = try verify("renamed-field")
        #expect(!report.passed)
        let differences = MutationReport.differences(report)
        #expect(
            differences.contains {
                $0.check.hasPrefix("decode Shop::InvoiceConsumer") && $0.path == "body.amount_cents"
                    && $0.swift == "keyNotFound: InvoiceCreated needs key \"amount_cents\"" && $0.ruby.contains("amount,")
            }, "\(text)")
        // The Swift billing's invoices no longer look like Ruby's.
        #expect(differences.contains { $0.path == "body.amount" && $0.swift.contains("absent") }, "\(text)")
    }

    @Test func aChangedRoutingKeyInTheRubyPublisherFails() throws {
        // billing.rb: `shop.invoice.created` became `shop.invoices.created`.
        let (report, text) = try verify("changed-routing-key")
        #expect(!report.passed)
        #expect(
            MutationReport.differences(report).contains {
                $0.path == "routing key \"shop.invoice.created\"" && $0.swift.contains("nothing checked for consumer Shop::InvoiceConsumer")
            }, "\(text)")
    }

    @Test func addedAttemptsOnTheRubyConsumerFail() throws {
        // invoice_consumer.rb: `attempts 5` added; the Swift twin on the same queue has none.
        let (report, text) = try verify("added-attempts")
        #expect(!report.passed)
        #expect(
            MutationReport.differences(report).contains {
                $0.check == "shared queue \"shop:invoice_consumer\" with Ruby's Shop::InvoiceConsumer" && $0.path == "attempts"
                    && $0.ruby.hasPrefix("5 (") && $0.swift == "0"
            }, "\(text)")
    }
}
