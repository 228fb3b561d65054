import Foundation
import HutchConformance
import Testing

@Suite struct CaseFileReaderTests {
    static let validCase = """
        {"format": "hutch-conformance/1", "id": "delay_level/x", "kind": "delay_level",
         "description": "d", "recorded_with": {"hutch": "1.3.1"}, "recorded_at": 1795747124.5,
         "input": {"config": {}, "samples": [5, 5.5]},
         "expected": {"results": [
            {"level": 5, "routing_key": "hutch.schedule.5s", "queue": "hutch_delay_queue_5s", "expiration": "5000"},
            {"level": 10, "routing_key": "hutch.schedule.10s", "queue": "hutch_delay_queue_10s", "expiration": "10000"}]}}
        """

    func parse(_ text: String) throws(CaseFileError) -> RecordedCase {
        try CaseFileReader.parse(Array(text.utf8), file: "cases/x.json")
    }

    @Test func readsTheEnvelope() throws {
        let recorded = try parse(Self.validCase)
        #expect(recorded.id == "delay_level/x")
        #expect(recorded.kind == "delay_level")
        #expect(recorded.recordedAt == 1795747124.5)
        #expect(recorded.hutchVersion?.description == "1.3.1")
        #expect(recorded.profile.hutchScheduleLoaded == false)
    }

    @Test func badJSONNamesTheFileAndOffset() {
        #expect {
            _ = try parse("{\"format\": ")
        } throws: { error in
            let message = String(describing: error)
            return message.contains("cases/x.json") && message.contains("invalid JSON") && message.contains("byte")
        }
    }

    @Test func missingFieldIsNamed() {
        let text = Self.validCase.replacingOccurrences(of: "\"kind\": \"delay_level\",", with: "")
        #expect(throws: CaseFileError(file: "cases/x.json", field: "kind", expected: "a string", found: "nothing (field missing)")) {
            _ = try parse(text)
        }
    }

    @Test func wrongFormatTagIsRefused() {
        let text = Self.validCase.replacingOccurrences(of: "hutch-conformance/1", with: "hutch-conformance/9")
        #expect(throws: CaseFileError.self) { _ = try parse(text) }
    }

    @Test func notAnObjectIsRefused() {
        #expect(throws: CaseFileError(file: "cases/x.json", field: "", expected: "a JSON object", found: "an array of 0")) {
            _ = try parse("[]")
        }
    }
}
