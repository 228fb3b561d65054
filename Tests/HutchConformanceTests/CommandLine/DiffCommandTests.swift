import Foundation
import Testing

/// `hutch-conformance diff OLD NEW`, run as a shop's CI runs it.
@Suite struct DiffCommandTests {
    static let shop = CorpusDiffTests.shop

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: CommandLineTests.executable), "hutch-conformance is not built beside the tests"
        ))
    func unchangedBehaviourPrintsNothingAndExitsZero() async throws {
        let copy = try Rerecording.copy(of: Self.shop)
        defer { try? FileManager.default.removeItem(at: copy) }
        let result = try await CommandLineTests.run(["diff", Self.shop, copy.path])
        #expect(result.status == 0)
        #expect(result.output == "")
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: CommandLineTests.executable), "hutch-conformance is not built beside the tests"
        ))
    func changedBehaviourIsPrintedAndExitsOne() async throws {
        let result = try await CommandLineTests.run(["diff", Self.shop, CorpusDiffTests.mutation("renamed-field")])
        #expect(result.status == 1)
        #expect(
            result.output.contains(
                "CHANGED publish/billing-test-creating-an-invoice-announces-it-1 (routing key \"shop.invoice.created\")\n  body.amount_cents\n      old: 12990\n      new: absent\n"
            ))
        #expect(result.output.hasSuffix(" changed, 0 added, 0 removed, 8 unchanged\n"))

        // Two case files compare whatever their names.
        let file = "/hutch-1.3.1/publish/billing-test-creating-an-invoice-announces-it-1.json"
        let single = try await CommandLineTests.run(["diff", Self.shop + file, CorpusDiffTests.mutation("renamed-field") + file])
        #expect(single.status == 1)
        #expect(single.output.contains("  body.amount\n"))
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: CommandLineTests.executable), "hutch-conformance is not built beside the tests"
        ))
    func anUnreadableRecordingExitsTwoAndEscapesWhatItPrints() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hutch-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(
            contentsOfFile: Self.shop + "/hutch-1.3.1/publish/billing-test-creating-an-invoice-announces-it-1.json", encoding: .utf8)
        // A case id holding an escape sequence, and a file that is not JSON.
        try original.replacingOccurrences(of: "\"id\": \"publish/", with: "\"id\": \"\\u001b]0;pwned\\u0007publish/")
            .write(to: folder.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
        try "not json".write(to: folder.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        let result = try await CommandLineTests.run(["diff", Self.shop, folder.path])
        #expect(result.status == 2)
        #expect(result.output.contains("UNREADABLE"))
        #expect(result.output.contains("ADDED \\e]0;pwned\\u{7}publish/"))
        #expect(!result.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}
