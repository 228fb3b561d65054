import Foundation

/// Small corpora the tests assemble from recorded cases: copies of bundled case files
/// (and the example shop's recorded contract), never hand-written Ruby behaviour.
enum SmallCorpus {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled Hutch 1.3.1 corpus.
    static let bundled = repository.appendingPathComponent("ruby-fixtures/recorded/hutch-1.3.1").path

    /// The example shop's contract recorded from its Ruby app.
    static let shop = repository.appendingPathComponent("Examples/shop/contract/recorded").path

    /// A temporary folder holding copies of `cases` (paths relative to the bundled
    /// 1.3.1 corpus); removed by the caller.
    static func make(_ cases: [String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hutch-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in cases {
            try FileManager.default.copyItem(
                atPath: bundled + "/" + name, toPath: folder.appendingPathComponent(name.replacingOccurrences(of: "/", with: "-")).path)
        }
        return folder
    }
}
