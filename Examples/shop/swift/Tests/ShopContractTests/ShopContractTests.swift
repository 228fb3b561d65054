import Foundation
import HutchContract
import Testing

/// The shop's contract test, as a shop's Swift repository runs it: the Swift service's
/// consumers and publishing fixtures against the contract recorded from the Ruby app.
@Suite struct ShopContractTests {
    @Test func theSwiftServiceKeepsItsContractWithTheRubyApp() throws {
        let report = ShopContract.contract.verify(corpusAt: [ContractPaths.underTest])
        try report.writeJUnitIfRequested()
        #expect(report.passed, "\(report.text)")
        // Something was checked in every direction: Ruby messages decoded by both consumers,
        // and both Swift publishing fixtures compared with Ruby's messages.
        let decoded = report.run.results.filter { $0.corpus == "ruby->swift" }.flatMap(\.checks).map(\.name)
        #expect(decoded.contains { $0.hasPrefix("decode Shop::InvoiceConsumer") })
        #expect(decoded.contains { $0.hasPrefix("decode Shop::ReminderConsumer") })
        let published = report.run.results.filter { $0.corpus == "swift->ruby" }
        #expect(published.count == 2)
        #expect(published.allSatisfy { $0.status == .passed && $0.checks.count == 2 })
    }
}
