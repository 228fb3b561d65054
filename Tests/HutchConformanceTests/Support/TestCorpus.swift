import Foundation
import HutchConformance
import HutchConventions

/// The bundled corpus and helpers to run cases, or altered copies of them.
enum TestCorpus {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let root: String = packageRoot.appendingPathComponent("ruby-fixtures/recorded").path
    /// The extended corpus (issue 13), recorded from generated inputs.
    static let extendedRoot: String = packageRoot.appendingPathComponent("ruby-fixtures/recorded-extended").path

    static let runner = ConformanceRunner(
        checkers: DefaultCheckers.all,
        environment: CheckEnvironment.system)

    /// Every case file of the bundled corpus, relative to its root.
    static let caseFiles: [String] = caseFiles(in: root)

    /// Every case file of the extended corpus, relative to ``extendedRoot``.
    static let extendedCaseFiles: [String] = caseFiles(in: extendedRoot)

    static func caseFiles(in folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".json") && !path.hasSuffix("corpus.json") { files.append(path) }
        }
        return files.sorted()
    }

    static func bytes(_ relativePath: String, in folder: String = root) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(relativePath)))
    }

    /// Runs a case whose file text was altered by `edit`.
    static func runAltered(_ relativePath: String, in folder: String = root, _ edit: (String) -> String) throws -> CaseResult {
        let original = String(decoding: try bytes(relativePath, in: folder), as: UTF8.self)
        let altered = edit(original)
        guard altered != original else { throw EditDidNotApply(file: relativePath) }
        let recorded = try CaseFileReader.parse(Array(altered.utf8), file: relativePath)
        return runner.run(recorded)
    }

    /// Runs a case whose parsed `expected` (or `input`) object was altered by `edit`.
    static func runAltered(
        _ relativePath: String, in folder: String = root, editing key: String, _ edit: (inout JSONObject) -> Void
    ) throws -> CaseResult {
        var recorded = try CaseFileReader.parse(try bytes(relativePath, in: folder), file: relativePath)
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
