import Foundation
import HutchConformance
import HutchConventions

/// The bundled corpus and helpers to run cases, or altered copies of them.
enum TestCorpus {
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ruby-fixtures/recorded").path

    static let runner = ConformanceRunner(
        checkers: DefaultCheckers.all,
        environment: CheckEnvironment.system)

    /// Every case file of the bundled corpus, relative to its root.
    static let caseFiles: [String] = {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".json") && !path.hasSuffix("corpus.json") { files.append(path) }
        }
        return files.sorted()
    }()

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: root).appendingPathComponent(relativePath)))
    }

    /// Runs a case whose file text was altered by `edit`.
    static func runAltered(_ relativePath: String, _ edit: (String) -> String) throws -> CaseResult {
        let original = String(decoding: try bytes(relativePath), as: UTF8.self)
        let altered = edit(original)
        guard altered != original else { throw EditDidNotApply(file: relativePath) }
        let recorded = try CaseFileReader.parse(Array(altered.utf8), file: relativePath)
        return runner.run(recorded)
    }

    /// Runs a case whose parsed `expected` (or `input`) object was altered by `edit`.
    static func runAltered(_ relativePath: String, editing key: String, _ edit: (inout JSONObject) -> Void) throws -> CaseResult {
        var recorded = try CaseFileReader.parse(try bytes(relativePath), file: relativePath)
        switch key {
        case "expected": edit(&recorded.expected)
        default: edit(&recorded.input)
        }
        return runner.run(recorded)
    }

    struct EditDidNotApply: Error, CustomStringConvertible {
        let file: String
        var description: String { "the edit did not change \(file)" }
    }

    /// The differences of the named check.
    static func differences(_ result: CaseResult, check: String) -> [Difference] {
        result.checks.first { $0.name == check }?.differences ?? []
    }
}
