import Foundation
import HutchConformance
import HutchContract
import HutchTestSupport
import ShopService
import Testing

/// The Swift service's messages through the Ruby app's own consumers (Shop::InvoiceConsumer,
/// Shop::ReminderConsumer) under the real Hutch worker: `ruby-fixtures/peer.rb --app`.
///
/// Needs the shop's gems and a broker, so it is disabled unless `HUTCH_CONTRACT_PEER`
/// gives the peer's command line, e.g.
/// `ruby -I/tmp/gems/hutch-1.3.1/lib -I/tmp/gems/hutch-schedule-0.7.3/lib -I/tmp/gems/stubs ruby-fixtures/peer.rb --app Examples/shop/ruby/lib/shop.rb`
/// (`scripts/contract-gate.sh --peer` sets it, with `HUTCH_CONTRACT_URL` and
/// `HUTCH_CONTRACT_MANAGEMENT_URL`; the test broker's variables are the fallback).
@Suite struct RubyConsumerContractTests {
    static let environment = ProcessInfo.processInfo.environment
    static let peer = environment["HUTCH_CONTRACT_PEER"].flatMap { $0.isEmpty ? nil : $0 }
    static let enabled: ConditionTrait = .enabled(
        if: peer != nil,
        "HUTCH_CONTRACT_PEER is not set: no Ruby peer with the shop's gems, the Ruby consumers did not run (skipped, not passed)")

    static var settings: RubyPeerSettings? {
        guard let peer, let url = environment["HUTCH_CONTRACT_URL"].flatMap({ $0.isEmpty ? nil : $0 }) ?? TestBroker.url else { return nil }
        return RubyPeerSettings(
            command: peer,
            workingDirectory: URL(fileURLWithPath: ContractPaths.shop).deletingLastPathComponent().deletingLastPathComponent().path,
            url: url,
            managementURL: environment["HUTCH_CONTRACT_MANAGEMENT_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? TestBroker.managementURL,
            // The shop's broker repairs hutch-schedule 0.7.3's delay queues (Examples/shop/README.md).
            brokerPolicies: [.delayQueueRepair(exchange: ShopContract.exchange)])
    }

    @Test(enabled) func theRubyAppsConsumersAcceptWhatTheSwiftServicePublishes() async throws {
        let settings = try #require(Self.settings, "HUTCH_CONTRACT_URL or HUTCH_TEST_BROKER_URL must name the broker")
        let report = await ShopContract.contract.verifyWithRubyPeer(settings)
        try report.writeJUnitIfRequested()
        print(report.run.results.map { "\($0.fullName): \($0.status)" }.joined(separator: "\n"))
        #expect(report.passed, "\(report.text)")
        // Both fixtures reached a Ruby consumer and were judged (none skipped: the gems are there).
        #expect(report.run.results.count == 2)
        #expect(
            report.run.results.allSatisfy { $0.status == .passed && $0.checks.contains { $0.name.hasPrefix("ruby consumer Shop::") } },
            "\(report.run.results)")
    }

    @Test(enabled) func aRenamedFieldInTheSwiftTypeMakesTheRubyConsumerFail() async throws {
        let settings = try #require(Self.settings, "HUTCH_CONTRACT_URL or HUTCH_TEST_BROKER_URL must name the broker")
        let invoice = ShopContract.sampleInvoice
        let renamed = SwiftMutationTests.InvoiceWithRenamedAmount(
            invoiceID: invoice.invoiceID, customer: invoice.customer, amount: invoice.amountCents, currency: invoice.currency,
            lines: invoice.lines)
        let contract = MessageContract(
            exchange: ShopContract.exchange, consumers: [], publishes: [.publish(Billing.invoiceCreated, renamed)])
        let report = await contract.verifyWithRubyPeer(settings)
        print("swift-renamed-field through the Ruby consumers:\n\(report.text)")
        #expect(!report.passed)
        let failure = report.run.results.flatMap(\.checks).flatMap(\.differences)
        #expect(
            failure.contains {
                $0.path == "Shop::InvoiceConsumer, routing key \"shop.invoice.created\"" && $0.ruby.hasPrefix("raised ArgumentError")
                    && $0.ruby.contains("amount_cents") && $0.ruby.hasSuffix("the worker sent nack") && $0.swift.contains("\"amount\":4995")
            }, "\(report.text)")
    }
}
