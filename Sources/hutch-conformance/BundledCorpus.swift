import Foundation

/// Where the corpora bundled with the project live: the recorded Ruby cases
/// (`ruby-fixtures/recorded`, a verbatim copy of the shared corpus) and the extended
/// corpus recorded from the inputs `ruby-fixtures/tools/generate_extended_cases.rb`
/// writes (`ruby-fixtures/recorded-extended`).
enum BundledCorpus {
    /// The bundled corpora, relative to the package root, in the order they are read.
    static let folders = ["ruby-fixtures/recorded", "ruby-fixtures/recorded-extended"]

    /// Every bundled corpus: under the working directory when it holds them, else
    /// beside the package this tool was built from.
    static func paths() -> [String] {
        if FileManager.default.fileExists(atPath: folders[0]) { return folders }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return folders.map { packageRoot.appendingPathComponent($0).path }
    }

    /// What `live` runs without paths: the shared corpus (the first of ``paths()``).
    static func liveDefaultPaths() -> [String] { Array(paths().prefix(1)) }
}
