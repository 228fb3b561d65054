import HutchConformance
import HutchConventions
import Testing

/// Each check fails, naming the place, when a recorded expectation is changed: the
/// runner really compares, it does not pass whatever it is given.
@Suite struct BrokenExpectationTests {
    @Test func aChangedBodyByteFailsFieldsAndBytes() throws {
        // {"a":1.0,...} → {"a":2.0,...}
        let result = try TestCorpus.runAltered("hutch-1.3.1/publish/floats.json") {
            $0.replacingOccurrences(of: "eyJhIjoxLjAs", with: "eyJhIjoyLjAs")
        }
        #expect(result.status == .failed)
        #expect(TestCorpus.differences(result, check: "fields").contains { $0.path == "expected.body" })
        #expect(!TestCorpus.differences(result, check: "recording").isEmpty)
    }

    @Test func aChangedHeaderTypeFails() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/publish/headers-all-types.json") {
            $0.replacingOccurrences(
                of: "\"i\",\n          {\n            \"type\": \"l\"", with: "\"i\",\n          {\n            \"type\": \"I\"")
        }
        #expect(result.status == .failed)
        let fields = TestCorpus.differences(result, check: "fields")
        #expect(fields.contains { $0.path == "expected.properties.headers[1].i" && $0.ruby == "I 1" && $0.swift == "l 1" })
    }

    @Test func aChangedQueueFlagFailsTopology() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/topology/default-consumer.json", editing: "expected") { expected in
            guard var declarations = expected["declarations"]?.arrayValue else { return }
            for index in declarations.indices {
                guard var method = declarations[index].objectValue, method["method"] == "queue.declare" else { continue }
                method["durable"] = .bool(false)
                declarations[index] = .object(method)
            }
            expected["declarations"] = .array(declarations)
        }
        #expect(result.status == .failed)
        #expect(TestCorpus.differences(result, check: "declarations").contains { $0.path.hasSuffix(".durable") && $0.ruby == "false" })
    }

    @Test func reorderedDeclarationsFailOrderNotContent() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/topology/default-consumer.json", editing: "expected") { expected in
            guard var declarations = expected["declarations"]?.arrayValue, declarations.count > 1 else { return }
            declarations.swapAt(0, 1)
            expected["declarations"] = .array(declarations)
        }
        #expect(TestCorpus.differences(result, check: "order").count == 1)
        #expect(TestCorpus.differences(result, check: "declarations").isEmpty)
    }

    @Test func aChangedOutcomeFailsConsume() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/consume/json-array-body.json", editing: "expected") { expected in
            expected["outcome"] = "nack"
        }
        #expect(
            TestCorpus.differences(result, check: "outcome").contains {
                $0.path == "outcome" && $0.ruby == "\"nack\"" && $0.swift == "\"none\""
            })
    }

    @Test func aDroppedAcknowledgementFailsConsume() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/consume/consumer-requeue.json", editing: "expected") { expected in
            expected["acknowledgements"] = .array(Array((expected["acknowledgements"]?.arrayValue ?? []).prefix(1)))
        }
        #expect(TestCorpus.differences(result, check: "outcome").contains { $0.path == "acknowledgements[1]" && $0.ruby == "not sent" })
    }

    @Test func aChangedFailureCountFailsRetry() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/retry/two-entries-summed.json", editing: "expected") { expected in
            expected["failure_count"] = 2
        }
        #expect(TestCorpus.differences(result, check: "decision").contains { $0.path == "failure_count" })
    }

    @Test func aChangedDelayQueueFailsDelayLevels() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/delay_level/levels.json") {
            $0.replacingOccurrences(of: "\"hutch_delay_queue_5s\"", with: "\"hutch_delay_queue_05s\"")
        }
        #expect(result.status == .failed)
    }

    @Test func aChangedConfigValueFails() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/config/samples.json") {
            $0.replacingOccurrences(
                of: "\"sanitized_uri\": \"amqp://guest@rabbit:5672/\"", with: "\"sanitized_uri\": \"amqp://guest:guest@rabbit:5672/\"")
        }
        #expect(TestCorpus.differences(result, check: "results").contains { $0.path.hasSuffix(".sanitized_uri") })
    }

    @Test func aMessageIDOfTheWrongShapeFails() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/publish/basic-hash.json", editing: "expected") { expected in
            guard var properties = expected["properties"]?.objectValue else { return }
            properties["message_id"] = "not-a-uuid"
            expected["properties"] = .object(properties)
        }
        #expect(TestCorpus.differences(result, check: "shape").contains { $0.path.contains("message_id") })
    }

    @Test func aChangedFrameFailsBytes() throws {
        // The recorded basic.publish frame names another routing key than the view.
        let result = try TestCorpus.runAltered("hutch-1.3.1/publish/basic-hash.json") {
            $0.replacingOccurrences(of: "0e6f72646572732e63726561746564", with: "0e6f72646572732e63726561746565")
        }
        #expect(!TestCorpus.differences(result, check: "bytes").isEmpty)
        #expect(!TestCorpus.differences(result, check: "recording").isEmpty)
    }
}
