import Foundation
import HutchConventions
import Testing

@testable import HutchConformance

@Suite struct CorpusDiffTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let shop = repository + "/Examples/shop/contract/recorded"
    static func mutation(_ name: String) -> String { repository + "/Examples/shop/contract-mutations/\(name)/recorded" }

    /// Cases with every nondeterministic field: message ids and timestamps (publish,
    /// enqueue_in), consumer tags and `x-death` times (consume through a delay queue,
    /// topology), `x-death` in a retry's input, and `enqueue_at`'s clock.
    static let bundledSample = [
        "publish/basic-hash.json", "enqueue_in/interval-10.json", "enqueue_at/future-5.json", "consume/enqueue-in-delay-queue.json",
        "consume/consumer-raises-with-retry.json", "retry/e2e-chain-step2.json", "topology/schedule-connect.json"
    ]

    @Test(arguments: [shop, TestCorpus.root + "/hutch-1.3.1"])
    func reRecordingUnchangedBehaviourShowsNothing(_ root: String) throws {
        let only = root == Self.shop ? nil : Self.bundledSample
        let copy = try Rerecording.copy(of: root, only: only)
        defer { try? FileManager.default.removeItem(at: copy) }
        var old = Corpus.load(paths: [root])
        if let only { old.cases = old.cases.filter { recorded in only.contains { recorded.file.hasSuffix($0) } } }
        let new = Corpus.load(paths: [copy.path])
        #expect(old.cases.count == new.cases.count && new.cases.count >= 7)

        // The re-recording really differs, and is still a consistent recording that passes `check`.
        for (a, b) in zip(old.cases, new.cases) {
            #expect(a.recordedAt != b.recordedAt)
            #expect(try String(contentsOfFile: a.file, encoding: .utf8) != String(contentsOfFile: b.file, encoding: .utf8))
        }
        // Including the frames' bytes (message ids, timestamps, consumer tags in the hex).
        #expect(zip(old.cases, new.cases).contains { $0.expected["frames"] != nil && $0.expected["frames"] != $1.expected["frames"] })
        let checked = TestCorpus.runner.run(new)
        #expect(checked.failed == 0, "\(checked.results.filter(\.status.isFailure).map(\.fullName))")

        let diff = CorpusDiff.compare(old: old, new: new)
        #expect(!diff.behaviourChanged)
        #expect(diff.unchanged == new.cases.count)
        #expect(DiffReport().lines(for: diff) == [])
    }

    @Test func aRenamedFieldInTheRubyPublisherPrintsTheBodyPath() {
        let diff = CorpusDiff.compare(old: Corpus.load(paths: [Self.shop]), new: Corpus.load(paths: [Self.mutation("renamed-field")]))
        #expect(diff.behaviourChanged)
        let lines = DiffReport().lines(for: diff)
        let block = [
            "CHANGED publish/billing-test-creating-an-invoice-announces-it-1 (routing key \"shop.invoice.created\")",
            "  body.amount_cents", "      old: 12990", "      new: absent",
            "  body.amount", "      old: absent", "      new: 12990"
        ]
        #expect(lines.indices.contains { Array(lines[$0...].prefix(block.count)) == block }, "\(lines.joined(separator: "\n"))")
        #expect(lines.last?.hasSuffix(" changed, 0 added, 0 removed, 8 unchanged") == true)
    }

    @Test func aChangedRoutingKeyAndAddedAttemptsAreNamed() {
        let routing = DiffReport().lines(
            for: CorpusDiff.compare(
                old: Corpus.load(paths: [Self.shop]), new: Corpus.load(paths: [Self.mutation("changed-routing-key")])))
        #expect(routing.contains("  routing key"))
        #expect(routing.contains("      old: \"shop.invoice.created\""))
        #expect(routing.contains("      new: \"shop.invoices.created\""))
        #expect(routing.contains { $0.hasPrefix("REMOVED consume/billing-test-creating-an-invoice-announces-it-1-shop-invoice-consumer") })

        let attempts = DiffReport().lines(
            for: CorpusDiff.compare(
                old: Corpus.load(paths: [Self.shop]), new: Corpus.load(paths: [Self.mutation("added-attempts")])))
        #expect(attempts.contains("  input.consumer.attempts"))
        #expect(attempts.contains("      new: 5"))
    }

    @Test func bodiesCompareAsRubyReadsThem() throws {
        // The recorded {"a":2.0,…} against the same case with Integer 2: Ruby's classes differ.
        let recorded = try CaseFileReader.read(path: TestCorpus.root + "/hutch-1.3.1/publish/float-integers.json")
        var integer = recorded
        let encoded = try #require(recorded.expected["body_base64"]?.stringValue)
        let bytes = try #require(Data(base64Encoded: encoded))
        var body = try #require(try RubyJSON.parse([UInt8](bytes)).objectValue)
        body["a"] = .int(2)
        integer.expected["body_base64"] = .string(Data(try RubyJSON.generate(.object(body))).base64EncodedString())
        let changes = try CaseDiff.changes(recorded, integer)
        #expect(changes == [BehaviourChange(path: "body.a", old: "2.0 (Float)", new: "2 (Integer)")])
    }

    @Test func casesPairByIdUnlessTwoCaseFilesAreCompared() throws {
        let a = Corpus.load(paths: [TestCorpus.root + "/hutch-1.3.1/publish/basic-hash.json"])
        let b = Corpus.load(paths: [TestCorpus.root + "/hutch-1.3.1/publish/key-order.json"])
        let byID = CorpusDiff.compare(old: a, new: b)
        #expect(byID.removed.map(\.name) == ["publish/basic-hash"])
        #expect(byID.added.map(\.name) == ["publish/key-order"])
        let files = CorpusDiff.compare(old: a, new: b, pairingSingleCases: true)
        #expect(files.changed.map(\.name) == ["publish/key-order"])
        #expect(files.changed.first?.changes.first?.path == "body.id")
    }

    @Test func controlCharactersArePrintedEscaped() {
        #expect(TerminalText.escape("id\u{1B}[31m\u{7}\u{202E}x\u{85}") == "id\\e[31m\\u{7}\\u{202E}x\\u{85}")
        var diff = CorpusDiff()
        diff.changed = [
            .init(
                name: "publish/\u{1B}]0;title\u{7}", file: "f", label: "",
                changes: [BehaviourChange(path: "body.k\u{9B}", old: "1", new: "2")])
        ]
        let text = DiffReport().lines(for: diff).joined(separator: "\n")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
        #expect(text.contains("publish/\\e]0;title\\u{7}"))
    }
}
