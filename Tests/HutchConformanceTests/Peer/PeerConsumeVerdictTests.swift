import HutchConventions
import Testing

@testable import HutchConformance

/// The consume kind's peer checks without a peer: which cases run, the spec the peer
/// gets for a case, and the verdict on what the Ruby worker reported against the
/// recording (the bundled Hutch 1.3.1 corpus).
@Suite struct PeerConsumeVerdictTests {
    static func recorded(_ name: String) throws -> RecordedCase {
        try #require(Corpus.load(paths: [TestCorpus.root + "/hutch-1.3.1/consume/\(name).json"]).cases.first)
    }

    static func delivery(action: String, outcome: String?) -> PeerDeliveryOutcome {
        PeerDeliveryOutcome(
            consumer: "PlanConsumer", routingKey: "abc.plan", deliveryTag: 1, messageID: "m", action: action, error: nil, outcome: outcome,
            deaths: 0)
    }

    @Test func theSpecCarriesTheCasesConsumerAndConfig() throws {
        let spec = PeerConsumeExchange.spec(try Self.recorded("consumer-raises-with-retry"))
        let text = try RubyJSON.generateString(.object(spec))
        #expect(text.contains(#""error_handlers":["Hutch::ErrorHandlers::Logger","Hutch::ErrorHandlers::MaxRetry"]"#), "\(text)")
        #expect(
            text.contains(
                #""consumers":[{"class_name":"RetryConsumer","routing_keys":["retry.me"],"attempts":3,"serializer":"json","raises":"RuntimeError"}]"#
            ), "\(text)")
        #expect(spec["hutch_schedule"] == .bool(true))
        // A null `raises` is left out: the peer would read it as a class name.
        #expect(!(try RubyJSON.generateString(.object(PeerConsumeExchange.spec(try Self.recorded("consumer-reject"))))).contains("raises"))
    }

    @Test func delayedDeliveriesAreNotApplicableAndChainStepsAreKnown() throws {
        #expect(PeerConsumeExchange.obstacle(try Self.recorded("consumer-reject")) == nil)
        #expect(PeerConsumeExchange.obstacle(try Self.recorded("raw-non-json")) == nil)
        #expect(PeerConsumeExchange.obstacle(try Self.recorded("enqueue-in-delay-queue"))?.hasPrefix("delivered via enqueue_in") == true)
        // A chain's steps run as one chain.
        let step = try Self.recorded("e2e-chain-delivery2")
        #expect(PeerConsumeExchange.obstacle(step) == nil)
        #expect(PeerChainExchange.step(step)?.id == "retry/e2e-chain" && PeerChainExchange.step(step)?.step == 2)
        #expect(PeerChainExchange.step(try Self.recorded("consumer-reject")) == nil)
    }

    @Test func theRubyWorkersOutcomeIsComparedWithTheRecording() throws {
        let reject = try Self.recorded("consumer-reject").expectedReader
        #expect(
            try PeerConsumeExchange.verdict(
                expected: reject, ruby: Self.delivery(action: "reject!", outcome: "reject"), built: true, consumer: "PlanConsumer",
                waited: "") == [])
        #expect(
            try PeerConsumeExchange.verdict(
                expected: reject, ruby: Self.delivery(action: "reject!", outcome: "ack"), built: true, consumer: "PlanConsumer", waited: "")
                == [Difference(path: "PlanConsumer.outcome", ruby: "\"ack\"", swift: "\"reject\"")])
        let raises = try Self.recorded("consumer-raises").expectedReader
        let differences = try PeerConsumeExchange.verdict(
            expected: raises, ruby: Self.delivery(action: "raise RuntimeError", outcome: "nack"), built: true, consumer: "PlanConsumer",
            waited: "")
        #expect(differences.map(\.path) == ["PlanConsumer.error_class"], "\(differences)")
        let nothing = try PeerConsumeExchange.verdict(
            expected: raises, ruby: nil, built: true, consumer: "PlanConsumer", waited: "within 10 s")
        #expect(nothing == [Difference(path: "PlanConsumer.outcome", ruby: "no delivery reported within 10 s", swift: "nack")])
    }

    @Test func aConsumerThatRunsWhereHutchCannotBuildTheMessageFails() throws {
        let array = try Self.recorded("json-array-body").expectedReader
        #expect(try PeerConsumeExchange.verdict(expected: array, ruby: nil, built: false, consumer: "PlanConsumer", waited: "") == [])
        let ran = try PeerConsumeExchange.verdict(
            expected: array, ruby: Self.delivery(action: "return", outcome: "ack"), built: false, consumer: "PlanConsumer", waited: "")
        #expect(ran.first?.swift == "never runs: Hutch cannot build the message (NoMethodError as recorded)")
    }
}
