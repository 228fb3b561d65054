import HutchConformance
import HutchConventions
import Testing

/// Regression tests from the case-file fuzz harness (`Fuzz/FuzzCaseFile.swift`).
@Suite struct NondeterministicFieldsTests {
    /// `publish/string-body` with `recorded_at` replaced by `RECORDED_AT`: the recorded
    /// timestamp is then far from `recorded_at`, so the checker writes a note naming it.
    static let publishCase = #"""
        {"format": "hutch-conformance/1", "id": "publish/string-body", "kind": "publish",
         "recorded_with": {"hutch": "1.3.1", "hutch_schedule": "0.7.3"},
         "recorded_at": RECORDED_AT,
         "input": {"config": {}, "global_properties": {}, "routing_key": "orders.created",
                   "message": "hello", "properties": {}, "options": {"serializer": "json"}},
         "expected": {"exchange": "hutch", "routing_key": "orders.created", "mandatory": false, "immediate": false,
           "properties": {"content_type": "application/json", "delivery_mode": 2, "priority": 0,
                          "message_id": "bfa861f4-3ba9-43e6-8541-e6c4241d928f", "timestamp": 1795747118},
           "body_base64": "ImhlbGxvIg==",
           "frames": [
             {"type": 1, "channel": 1, "payload_hex": "003c002800000568757463680e6f72646572732e6372656174656400"},
             {"type": 2, "channel": 1, "payload_hex": "003c0000000000000000000798c0106170706c69636174696f6e2f6a736f6e02002462666138363166342d336261392d343365362d383534312d653663343234316439323866000000006b08ed2e"},
             {"type": 3, "channel": 1, "payload_hex": "2268656c6c6f22"}],
           "nondeterministic": ["message_id", "timestamp"]}}
        """#

    static func run(recordedAt: String) throws -> CaseResult {
        let text = publishCase.replacingOccurrences(of: "RECORDED_AT", with: recordedAt)
        let recorded = try CaseFileReader.parse(Array(text.utf8), file: "fuzz.json")
        return TestCorpus.runner.run(recorded)
    }

    static func recordingNotes(_ result: CaseResult) -> [Difference] {
        result.checks.flatMap(\.differences).filter { $0.path.hasSuffix(".timestamp (recording)") }
    }

    /// The fuzzer's crash: `Int64(recordedAt)` trapped for a `recorded_at` outside Int64
    /// (`1e300`, and `1e400`, which JSON reads as infinity).
    @Test("A recorded_at outside Int64 is reported, not a trap", arguments: ["1e300", "-1e300", "1e400"])
    func hugeRecordedAt(recordedAt: String) async throws {
        let notes = Self.recordingNotes(try await Self.run(recordedAt: recordedAt))
        let note = try #require(notes.first)
        let expected = ["1e300": "1e+300", "-1e300": "-1e+300", "1e400": "inf"][recordedAt] ?? ""
        #expect(note.swift == "expected near recorded_at \(expected)")
    }

    @Test("A recorded_at in range is printed in whole seconds")
    func ordinaryRecordedAt() async throws {
        let notes = Self.recordingNotes(try await Self.run(recordedAt: "1795740000.75"))
        #expect(notes.first?.swift == "expected near recorded_at 1795740000")
    }
}
