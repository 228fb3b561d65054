import HutchConformance
import Testing

/// Malformed fields inside otherwise valid cases are reported as unreadable, naming
/// the file and the field.
@Suite struct MalformedCaseTests {
    func unreadableMessage(_ result: CaseResult) -> String? {
        if case .unreadable(let error) = result.status { return error.description }
        return nil
    }

    @Test func badHexNamesTheFrame() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/publish/basic-hash.json") {
            $0.replacingOccurrences(of: "\"payload_hex\": \"003c0028", with: "\"payload_hex\": \"0x3c0028")
        }
        let message = try #require(unreadableMessage(result))
        #expect(message.contains("hutch-1.3.1/publish/basic-hash.json: expected.frames[0].payload_hex"))
        #expect(message.contains("hex digits"))
    }

    @Test func unknownTypeLetterNamesTheValue() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/publish/headers-all-types.json") {
            $0.replacingOccurrences(
                of: "\"type\": \"S\",\n            \"value\": \"x\"", with: "\"type\": \"Q\",\n            \"value\": \"x\"")
        }
        let message = try #require(unreadableMessage(result))
        #expect(message.contains("expected.properties.headers[0].s.type"))
        #expect(message.contains("\"Q\""))
    }

    @Test func anUnknownSerializerNamesItsValue() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/publish/floats.json") {
            $0.replacingOccurrences(of: #""serializer": "json""#, with: #""serializer": "yaml""#)
        }
        #expect(
            unreadableMessage(result)
                == #"hutch-1.3.1/publish/floats.json: input.options.serializer: expected "json" or "identity", found "yaml""#)
    }

    @Test func missingFieldInsideExpectedIsNamed() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/retry/two-entries-summed.json", editing: "expected") { expected in
            expected["retried"] = nil
        }
        #expect(unreadableMessage(result)?.contains("expected.retried: expected true or false, found nothing (field missing)") == true)
    }

    @Test func wrongTypeInInputIsNamed() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/topology/default-consumer.json", editing: "input") { input in
            input["consumers"] = "PlanConsumer"
        }
        #expect(unreadableMessage(result)?.contains("input.consumers: expected an array") == true)
    }
}
