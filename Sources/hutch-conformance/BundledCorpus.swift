import Foundation

/// Where the corpus bundled with the project lives.
enum BundledCorpus {
    /// `ruby-fixtures/recorded` under the working directory when it is there, else
    /// beside the package this tool was built from.
    static func path() -> String {
        let relative = "ruby-fixtures/recorded"
        if FileManager.default.fileExists(atPath: relative) { return relative }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(relative).path
    }
}
