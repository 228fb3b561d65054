import HutchConventions
import Testing

@testable import HutchConformance

/// The enqueue kinds' peer checks without a peer: the command the peer gets for a case,
/// and which cases are too slow to wait for (the bundled Hutch 1.3.1 corpus).
@Suite struct PeerEnqueueCommandTests {
    static func recorded(_ path: String) throws -> RecordedCase {
        try #require(Corpus.load(paths: [TestCorpus.root + "/hutch-1.3.1/\(path).json"]).cases.first)
    }

    @Test func enqueueAtKeepsTheRecordedDistanceFromNow() throws {
        let recorded = try Self.recorded("enqueue_at/future-100")
        let command = PeerEnqueueExchange.command(recorded, id: "x", now: 2_000_000_000).object
        let at = try #require(command["at"]?.doubleValue)
        let distance = (recorded.input["at"]?.doubleValue ?? 0) - (recorded.input["now"]?.doubleValue ?? 0)
        #expect(abs(at - (2_000_000_000 + distance)) < 0.001)
        #expect(command["method"] == "enqueue_at" && command["consumer"] == "PlanConsumer")
        #expect(command["message"] == recorded.input["message"])
    }

    @Test func enqueueInSendsTheInterval() throws {
        let recorded = try #require(Corpus.load(paths: [TestCorpus.root + "/hutch-1.3.1/enqueue_in"]).cases.first)
        let command = PeerEnqueueExchange.command(recorded, id: "x", now: 0).object
        #expect(command["method"] == "enqueue_in" && command["interval"] == recorded.input["interval"])
    }

    @Test func aDelayLongerThanThePeerWaitsIsNotApplicable() throws {
        let long = PeerEnqueueExchange.prepare(try Self.recorded("enqueue_at/future-100"), index: 0, environment: .system)
        guard case .failure(let obstacle) = long else {
            Issue.record("prepared: \(long)")
            return
        }
        #expect(obstacle.reason == "delay level 120s: longer than the peer waits (30 s)")
        let short = PeerEnqueueExchange.prepare(try Self.recorded("enqueue_at/future-5"), index: 0, environment: .system)
        guard case .success(let prepared) = short else {
            Issue.record("not prepared: \(short)")
            return
        }
        #expect(prepared.delay == 5 && prepared.swift.routingKey == "hutch.schedule.5s")
    }
}

extension PeerEnqueueCommandTests {
    @Test func aCallersCCHeaderShadowsHutchSchedulesAndTheConsumerGetsNothing() throws {
        let shadowed = PeerEnqueueExchange.prepare(try Self.recorded("enqueue_in/props-with-cc"), index: 0, environment: .system)
        guard case .success(let prepared) = shadowed else {
            Issue.record("not prepared: \(shadowed)")
            return
        }
        #expect(!PeerEnqueueExchange.reachesConsumer(prepared))
        let plain = PeerEnqueueExchange.prepare(try Self.recorded("enqueue_at/future-5"), index: 0, environment: .system)
        guard case .success(let routed) = plain else {
            Issue.record("not prepared: \(plain)")
            return
        }
        #expect(PeerEnqueueExchange.reachesConsumer(routed))
    }
}
