import Foundation
import Hutch
import HutchConformance
import HutchContract
import HutchConventions
import Testing

@Suite struct MessageContractTests {
    struct Order: Decodable, Sendable {
        var id: Int
        var total: Int
    }

    struct OrderConsumer: HutchConsumer {
        static let routingKeys = ["orders.created"]
        func process(_ message: ReceivedMessage<Order>) async throws {}
    }

    /// Bound like Ruby's PlanConsumer, on a queue of its own.
    struct PlanWatcher: HutchConsumer {
        static let routingKeys = ["abc.plan"]
        func process(_ message: ReceivedMessage<JSONValue>) async throws {}
    }

    struct SignupConsumer: HutchConsumer {
        static let routingKeys = ["user.*"]
        func process(_ message: ReceivedMessage<JSONValue>) async throws {}
    }

    static let cases = [
        "publish/basic-hash.json", "publish/float-integers.json", "publish/custom-exchange.json", "enqueue_in/interval-10.json",
        "consume/raw-non-json.json"
    ]

    func differences(_ report: ContractReport) -> [(result: String, check: String, difference: Difference)] {
        report.run.results.flatMap { result in
            result.checks.flatMap { check in check.differences.map { (result.fullName, check.name, $0) } }
        }
    }

    @Test func eachFailureNamesTheCaseRoutingKeyBodyPathAndReason() throws {
        let folder = try SmallCorpus.make(Self.cases)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = MessageContract(consumers: [ContractConsumer(OrderConsumer.self)]).verify(corpusAt: [folder.path])
        #expect(!report.passed)
        let found = differences(report)
        // {"id":1,"total":9.5}: Ruby's Float where the Swift type has an Int.
        #expect(
            found.contains {
                $0.result == "ruby->swift/hutch-1.3.1/publish/basic-hash"
                    && $0.check == "decode OrderConsumer, routing key \"orders.created\""
                    && $0.difference.path == "body.total" && $0.difference.ruby == "9.5 (Float)"
                    && $0.difference.swift.hasPrefix("typeMismatch")
            }, "\(report.text)")
        // {"a":2.0,…}: no `id` at all.
        #expect(
            found.contains {
                $0.result == "ruby->swift/hutch-1.3.1/publish/float-integers" && $0.difference.path == "body.id"
                    && $0.difference.swift == "keyNotFound: Order needs key \"id\""
                    && $0.difference.ruby.contains("Ruby sent keys: a, b, c, d")
            }, "\(report.text)")
        // The message to exchange `events` reaches nothing on `hutch`.
        #expect(!report.run.results.contains { $0.id.contains("custom-exchange") })
    }

    @Test func delayedMessagesReachTheirConsumerThroughCCAndRawDeliveriesAreNotRubys() throws {
        let folder = try SmallCorpus.make(Self.cases)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = MessageContract(consumers: [ContractConsumer(PlanWatcher.self)]).verify(corpusAt: [folder.path])
        #expect(report.passed, "\(report.text)")
        let checks = report.run.results.filter { $0.corpus == "ruby->swift" }.flatMap { result in
            result.checks.map { "\(result.id): \($0.name)" }
        }
        #expect(checks == ["hutch-1.3.1/enqueue_in/interval-10: decode PlanWatcher, routing key \"hutch.schedule.10s\", CC \"abc.plan\""])
    }

    @Test func aConsumerKeyNoRecordedMessageReachesFails() throws {
        let folder = try SmallCorpus.make(Self.cases)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = MessageContract(consumers: [ContractConsumer(PlanWatcher.self), ContractConsumer(SignupConsumer.self)])
            .verify(corpusAt: [folder.path])
        #expect(!report.passed)
        let unreached = differences(report).filter { $0.result == "swift consumers/SignupConsumer" }
        #expect(unreached.map(\.difference.path) == ["routing key \"user.*\""])
        #expect(unreached.first?.difference.swift == "SignupConsumer binds it: nothing checked for consumer SignupConsumer")
    }

    @Test func aGateThatChecksNothingFails() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("hutch-contract-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let noCases = MessageContract(consumers: [ContractConsumer(PlanWatcher.self)]).verify(corpusAt: [empty.path])
        #expect(!noCases.passed)
        #expect(noCases.text.contains("the corpus holds no cases"))

        let nothingListed = MessageContract(consumers: []).verify(corpusAt: [SmallCorpus.bundled])
        #expect(!nothingListed.passed)
        #expect(nothingListed.text.contains("the contract lists no consumers and no publishing fixtures"))

        let missing = MessageContract(consumers: [ContractConsumer(PlanWatcher.self)]).verify(corpusAt: [empty.path + "/nope"])
        #expect(!missing.passed)
        #expect(missing.run.unreadable == 1)
    }

    @Test func anUnreadableCaseFailsTheContract() throws {
        let folder = try SmallCorpus.make(["enqueue_in/interval-10.json"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{\"format\": \"hutch-conformance/1\"".utf8).write(to: folder.appendingPathComponent("broken.json"))
        let report = MessageContract(consumers: [ContractConsumer(PlanWatcher.self)]).verify(corpusAt: [folder.path])
        #expect(!report.passed)
        #expect(report.text.contains("UNREADABLE"))
        #expect(report.text.contains("broken.json"))
    }
}

/// The contract decodes with the consumer's own ``HutchConsumer/bodyDecoder``, as the worker does.
@Suite struct ContractBodyDecoderTests {
    /// Ruby's `{"a":2.0,"b":100.0,"c":-3.0,"d":0.0}` read into Swift `Int`s.
    struct Counts: Decodable, Sendable {
        var a: Int
        var b: Int
        var c: Int
        var d: Int
    }

    struct StrictCounts: HutchConsumer {
        static let routingKeys = ["orders.created"]
        func process(_ message: ReceivedMessage<Counts>) async throws {}
    }

    struct LenientCounts: HutchConsumer {
        static let routingKeys = ["orders.created"]
        static var bodyDecoder: RubyJSONDecoder { RubyJSONDecoder(acceptsIntegralFloatsForIntegers: true) }
        func process(_ message: ReceivedMessage<Counts>) async throws {}
    }

    func floatIntegerFailures(_ consumer: ContractConsumer) throws -> Int {
        let folder = try SmallCorpus.make(["publish/float-integers.json"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = MessageContract(consumers: [consumer]).verify(corpusAt: [folder.path])
        return report.run.results.filter { $0.id.contains("float-integers") }.flatMap(\.checks).flatMap(\.differences).count
    }

    @Test func theContractUsesTheConsumersBodyDecoder() throws {
        #expect(try floatIntegerFailures(ContractConsumer(StrictCounts.self)) > 0, "Ruby's 2.0 must fail an Int by default")
        #expect(try floatIntegerFailures(ContractConsumer(LenientCounts.self)) == 0)
    }
}
