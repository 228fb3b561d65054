import Foundation
import HutchAMQP
import HutchConformance
import HutchConventions
import Testing

/// Each live check fails, naming the field, when a recorded expectation is broken —
/// the live runner really compares what the broker did, and the run's vhosts are
/// deleted even then.
@Suite struct LiveBrokenExpectationTests {
    @Test(LiveTestBroker.reachable) func aChangedQueueArgumentIsA406NamingTheArgument() async throws {
        let corpus = try LiveTestBroker.corpus(["hutch-1.3.1/topology/default-consumer.json"]) { recorded in
            guard var declarations = recorded.expected["declarations"]?.arrayValue else { return }
            for index in declarations.indices {
                guard var method = declarations[index].objectValue, method["method"] == "queue.declare" else { continue }
                method["durable"] = .bool(false)
                declarations[index] = .object(method)
            }
            recorded.expected["declarations"] = .array(declarations)
        }
        let live = try await LiveTestBroker.run(corpus)
        let first = LiveTestBroker.differences(live, "topology/default-consumer", check: "live swift-then-ruby")
        #expect(
            first.contains {
                $0.path.hasPrefix("ruby.declarations[") && $0.path.hasSuffix(" queue 'plan_consumer' durable")
                    && $0.ruby.contains("'false'") && $0.swift.contains("'true'")
            }, "\(first)")
        let second = LiveTestBroker.differences(live, "topology/default-consumer", check: "live ruby-then-swift")
        #expect(second.contains { $0.path.hasPrefix("swift.declarations[") && $0.path.hasSuffix("durable") }, "\(second)")
        #expect(live.report.failed == 1)
        #expect(try await LiveTestBroker.leftoverVirtualHosts(live).isEmpty)
    }

    @Test(LiveTestBroker.reachable) func aDroppedHeaderFailsTheDeliveredMessage() async throws {
        // Ruby's recorded content header loses its `CC` header: the broker delivers
        // Swift's message with it and Ruby's without.
        let corpus = try LiveTestBroker.corpus(["hutch-1.3.1/enqueue_in/props-headers.json"]) { recorded in
            try Self.rewriteContentHeader(&recorded) { properties in
                properties.headers = FieldTable(properties.headers?.entries.filter { $0.key != "CC" } ?? [])
            }
        }
        let live = try await LiveTestBroker.run(corpus)
        let differences = LiveTestBroker.differences(live, "enqueue_in/props-headers", check: "live message")
        #expect(differences.contains { $0.path.hasPrefix("delivered.properties.headers") }, "\(differences)")
        #expect(live.report.failed == 1)
    }

    @Test(LiveTestBroker.reachable) func aChangedOutcomeFailsConsume() async throws {
        let corpus = try LiveTestBroker.corpus(["hutch-1.3.1/consume/ruby-published.json"]) { recorded in
            recorded.expected["outcome"] = "nack"
        }
        let live = try await LiveTestBroker.run(corpus)
        #expect(
            LiveTestBroker.differences(live, "consume/ruby-published", check: "live outcome").contains {
                $0.path == "outcome" && $0.ruby == "\"nack\"" && $0.swift == "\"ack\""
            })
    }

    @Test(LiveTestBroker.reachable) func aMissingServerCloseFailsTheBrokerReaction() async throws {
        // hutch-schedule's worker rejects and then acks: the real broker closes the
        // channel with 406 — a recording without that close no longer matches.
        let corpus = try LiveTestBroker.corpus(["hutch-1.3.1/consume/consumer-requeue.json"]) { recorded in
            recorded.expected["server_close"] = .array([])
        }
        let live = try await LiveTestBroker.run(corpus)
        let differences = LiveTestBroker.differences(live, "consume/consumer-requeue", check: "live broker reaction")
        #expect(
            differences.contains { $0.path == "server_close[0]" && $0.ruby == "not sent" && $0.swift.contains("406") }, "\(differences)")
    }

    @Test(LiveTestBroker.reachable) func aChangedFailureCountFailsTheRetryDecision() async throws {
        let corpus = try LiveTestBroker.corpus(["hutch-1.3.1/retry/xdeath-matching.json"]) { recorded in
            recorded.expected["failure_count"] = 7
        }
        let live = try await LiveTestBroker.run(corpus)
        #expect(LiveTestBroker.differences(live, "retry/xdeath-matching", check: "live decision").contains { $0.path == "failure_count" })
    }

    @Test(LiveTestBroker.reachable) func aDelayQueueWithoutItsPolicyDropsTheMessage() async throws {
        // Without the recorded dead-letter policy, hutch-schedule's argument-less delay
        // queue on Hutch 1.3.1 drops the delayed message: the delivery recorded with
        // the policy does not arrive.
        let corpus = try LiveTestBroker.corpus(["hutch-1.3.1/consume/enqueue-in-delay-queue.json"]) { recorded in
            recorded.input["broker_policies"] = .array([])
        }
        let live = try await LiveTestBroker.run(corpus)
        #expect(
            LiveTestBroker.differences(live, "consume/enqueue-in-delay-queue", check: "live arrival").contains {
                $0.path == "delivered" && $0.ruby == "true" && $0.swift == "false"
            })
        #expect(try await LiveTestBroker.leftoverVirtualHosts(live).isEmpty)
    }

    @Test(LiveTestBroker.reachable) func aChangedChainStepFailsTheLiveChain() async throws {
        // The chain runs end to end (about 10 s): step 2 recorded with failure count 5.
        let paths =
            ["step1", "step2", "step3"].map { "hutch-1.4.0/retry/e2e-chain-\($0).json" }
            + ["delivery2", "delivery3"].map { "hutch-1.4.0/consume/e2e-chain-\($0).json" }
        let corpus = try LiveTestBroker.corpus(paths) { recorded in
            if recorded.id == "retry/e2e-chain-step2" { recorded.expected["failure_count"] = 5 }
        }
        let live = try await LiveTestBroker.run(corpus)
        #expect(
            LiveTestBroker.differences(live, "retry/e2e-chain-step2", check: "live decision").contains {
                $0.path == "failure_count" && $0.ruby == "5" && $0.swift == "1"
            })
        for id in ["retry/e2e-chain-step1", "retry/e2e-chain-step3", "consume/e2e-chain-delivery2", "consume/e2e-chain-delivery3"] {
            #expect(LiveTestBroker.result(live, id)?.status == .passed, "\(id)")
        }
    }

    /// Re-encodes the recorded content-header frame after `change`.
    static func rewriteContentHeader(_ recorded: inout RecordedCase, _ change: (inout BasicProperties) -> Void) throws {
        guard var frames = recorded.expected["frames"]?.arrayValue else { throw EditFailed() }
        for index in frames.indices {
            guard var frame = frames[index].objectValue, frame["type"] == 2, let hex = frame["payload_hex"]?.stringValue else { continue }
            let payload = try Self.bytes(hex: hex)
            var (properties, size) = try ContentHeaderCodec.decode(payload)
            change(&properties)
            frame["payload_hex"] = .string(
                try ContentHeaderCodec.encode(properties: properties, bodySize: size).map { String(format: "%02x", $0) }.joined())
            frames[index] = .object(frame)
        }
        recorded.expected["frames"] = .array(frames)
    }

    static func bytes(hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { throw EditFailed() }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }

    struct EditFailed: Error {}
}
