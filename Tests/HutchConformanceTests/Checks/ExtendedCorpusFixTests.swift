import HutchConformance
import HutchConventions
import Testing

/// The model fixes the extended corpus called for, each against its recording: the
/// recording passes, and the same recording with the old model's answer fails.
@Suite struct ExtendedCorpusFixTests {
    static let folder = TestCorpus.extendedRoot

    /// hutch-schedule's worker and a consumer without Hutch::Enqueue: Ruby never calls
    /// #process and nothing reports the NoMethodError (the thread pool swallows it).
    @Test func scheduleWorkerWithoutEnqueueHandlesNothingAndReportsNothing() throws {
        let file = "hutch-1.3.1/consume/x-sl-json-no-enqueue-returns.json"
        #expect(try TestCorpus.runAltered(file, in: Self.folder, editing: "expected") { _ in }.status == .passed)
        let claimed = try TestCorpus.runAltered(file, in: Self.folder, editing: "expected") { $0["error_class"] = .string("NoMethodError") }
        #expect(
            TestCorpus.differences(claimed, check: "outcome").contains { $0.path == "error_class" && $0.ruby.contains("NoMethodError") })
    }

    /// The identity serializer's body is a binary String: Ruby writes it back as a JSON
    /// string, or (bytes that are not UTF-8) records its inspect.
    @Test func identityBodiesAreComparedAsRubyStrings() throws {
        let object = "hutch-1.3.1/consume/x-body-object-plain-identity.json"
        #expect(try TestCorpus.runAltered(object, in: Self.folder, editing: "expected") { _ in }.status == .passed)
        let changed = try TestCorpus.runAltered(object, in: Self.folder, editing: "expected") { expected in
            guard var message = expected["message"]?.objectValue else { return }
            message["body"] = .string("{}")
            expected["message"] = .object(message)
        }
        #expect(TestCorpus.differences(changed, check: "message").contains { $0.path == "message.body" })

        let invalid = "hutch-1.3.1/consume/x-body-invalid-utf8-plain-identity.json"
        #expect(try TestCorpus.runAltered(invalid, in: Self.folder, editing: "expected") { _ in }.status == .passed)
        let inspected = try TestCorpus.runAltered(invalid, in: Self.folder) {
            $0.replacingOccurrences(of: #"\\xFF\\xFE"#, with: #"\\xFE\\xFF"#)
        }
        #expect(TestCorpus.differences(inspected, check: "message").contains { $0.path == "message.body_inspect" })
    }

    /// MaxRetry's enqueue_in cannot write a body with bytes that are not UTF-8:
    /// Ruby raises JSON::GeneratorError in #handle and republishes nothing.
    @Test func maxRetryRaisesWhenItCannotRepublishTheBody() throws {
        let file = "hutch-1.3.1/retry/x-body-invalid-utf8.json"
        #expect(try TestCorpus.runAltered(file, in: Self.folder, editing: "expected") { _ in }.status == .passed)
        let silent = try TestCorpus.runAltered(file, in: Self.folder, editing: "expected") { $0["error_class"] = .null }
        #expect(
            TestCorpus.differences(silent, check: "decision").contains {
                $0.path == "error_class" && $0.swift.contains("JSON::GeneratorError")
            })
    }

    /// hutch-schedule loaded but only Hutch.connect: MaxRetry's enqueue_in calls publish
    /// on hutch-schedule's nil core and republishes nothing.
    @Test func maxRetryWithoutScheduleConnectRepublishesNothing() throws {
        let file = "hutch-1.3.1/consume/x-maxretry-sl-attempts-1-raises-json.json"
        #expect(try TestCorpus.runAltered(file, in: Self.folder, editing: "expected") { _ in }.status == .passed)
    }

    /// The broker refuses a queue argument: the recording's declarations stop there,
    /// Hutch raises WorkerSetupError, and the close names the argument.
    @Test func aRefusedQueueArgumentIsModelled() throws {
        let file = "hutch-1.3.1/topology/x-plain-refused-max-length-string.json"
        #expect(try TestCorpus.runAltered(file, in: Self.folder, editing: "expected") { _ in }.status == .passed)
        let otherArgument = try TestCorpus.runAltered(file, in: Self.folder) {
            $0.replacingOccurrences(of: "invalid arg 'x-max-length'", with: "invalid arg 'x-message-ttl'")
        }
        #expect(TestCorpus.differences(otherArgument, check: "error").contains { $0.path == "server_close" })
        let accepted = try TestCorpus.runAltered(file, in: Self.folder, editing: "expected") { $0["error_class"] = .null }
        #expect(TestCorpus.differences(accepted, check: "error").contains { $0.path == "error_class" })
    }
}
