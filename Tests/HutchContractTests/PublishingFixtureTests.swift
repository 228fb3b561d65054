import Foundation
import Hutch
import HutchConformance
import HutchContract
import HutchConventions
import Testing

/// Swift → Ruby: fixtures encoded with the Publisher's encoding against what Ruby's
/// consumers bind and what Ruby itself publishes, with Ruby's JSON semantics.
@Suite struct PublishingFixtureTests {
    struct PlanConsumer: HutchConsumer {
        static let routingKeys = ["abc.plan"]
        func process(_ message: ReceivedMessage<JSONValue>) async throws {}
    }

    func verify(_ fixtures: [PublishingFixture], cases: [String]) throws -> ContractReport {
        let folder = try SmallCorpus.make(cases)
        defer { try? FileManager.default.removeItem(at: folder) }
        return MessageContract(consumers: [], publishes: fixtures).verify(corpusAt: [folder.path])
    }

    @Test func anIntegerWhereRubySendsAFloatAndAMissingKeyAreNamed() throws {
        // Ruby publishes {"id":1,"total":9.5} to orders.created; no recorded consumer binds it.
        let report = try verify(
            [.publish("orders.created", ["id": 1, "total": 9] as JSONValue, name: "orders")], cases: ["publish/basic-hash.json"])
        #expect(!report.passed)
        let checks = report.run.results.first { $0.id == "orders" }?.checks ?? []
        #expect(checks.first { $0.name == "routing" }?.differences.first?.ruby == "no recorded Ruby consumer binds it")
        let body = checks.first { $0.name.hasPrefix("body against 1 recorded Ruby message") }?.differences ?? []
        #expect(body == [Difference(path: "body.total", ruby: "9.5 (Float)", swift: "9 (Integer)")])

        let missing = try verify([.publish("orders.created", ["id": 1] as JSONValue, name: "orders")], cases: ["publish/basic-hash.json"])
        let missingBody = missing.run.results.first { $0.id == "orders" }?.checks.last?.differences ?? []
        #expect(missingBody == [Difference(path: "body.total", ruby: "always sent, e.g. 9.5 (Float)", swift: "absent")])
    }

    @Test func bigIntegersAndNegativeZeroKeepRubysClasses() throws {
        // Ruby's Integer has no size: UInt64.max is an Integer like Ruby's 2**64; -0.0 stays a Float.
        let report = try verify(
            [
                .publish(
                    "orders.created", ["big": .integer(JSONInteger(UInt64.max)), "neg": -1, "min64": .int(Int64.min)] as JSONValue,
                    name: "big")
            ],
            cases: ["publish/big-integers.json"])
        let body = report.run.results.first { $0.id == "big" }?.checks.last
        #expect(body?.name.hasPrefix("body against") == true)
        #expect(body?.differences.filter { ["body.big", "body.neg", "body.min64"].contains($0.path) } == [])
    }

    @Test func aDelayedMessageForARubyConsumerIsRoutedThroughItsCC() throws {
        // enqueue_in for PlanConsumer: CC abc.plan, bound by Ruby's PlanConsumer (topology case);
        // compared with Ruby's own enqueue_in bodies to abc.plan ({"iv":10}).
        let report = try verify(
            [.enqueueIn(.seconds(10), ["iv": 10] as JSONValue, for: PlanConsumer.self, name: "plan")],
            cases: ["topology/default-consumer.json", "enqueue_in/interval-10.json"])
        #expect(report.passed, "\(report.text)")
        #expect(
            report.run.results.first { $0.id == "plan" }?.checks.map(\.name) == [
                "routing", "body against 1 recorded Ruby message(s) to \"abc.plan\""
            ])
        let float = try verify(
            [.enqueueIn(.seconds(10), ["iv": 10.0] as JSONValue, for: PlanConsumer.self, name: "plan")],
            cases: ["topology/default-consumer.json", "enqueue_in/interval-10.json"])
        #expect(
            float.run.results.first { $0.id == "plan" }?.checks.last?.differences == [
                Difference(path: "body.iv", ruby: "10 (Integer)", swift: "10.0 (Float)")
            ])
    }

    @Test func withNoRubyMessageToCompareTheBodyCheckIsSkippedNotPassed() throws {
        let report = try verify(
            [.publish("abc.plan", ["x": 1] as JSONValue, name: "plan")], cases: ["topology/default-consumer.json"])
        #expect(report.passed)
        #expect(report.run.skipped == 1)
        #expect(
            report.run.results.contains {
                $0.id == "plan (body)"
                    && $0.status
                        == .skipped(
                            "no recorded Ruby message to \"abc.plan\" to compare the body with; the Ruby peer runs the Ruby consumer on it")
            })
    }

    @Test func theJUnitReportIsWrittenWhereTheGateAsks() throws {
        let report = try verify([.publish("orders.created", ["id": 1] as JSONValue)], cases: ["publish/basic-hash.json"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try report.writeJUnitIfRequested(environment: [:]) == nil)
        #expect(try report.writeJUnitIfRequested(environment: ["HUTCH_CONTRACT_JUNIT": path]) == path)
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains(#"<testsuite name="swift-&gt;ruby""#))
        #expect(xml.contains("body.total"))
    }
}
