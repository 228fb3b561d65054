import Foundation
import HutchConformance
import Testing

/// Two case files of one Hutch version with one id: the second is unreadable, naming
/// both, so `check`, `coverage` and `diff` fail on it; the same id in two versions is
/// two cases.
@Suite struct DuplicateIDTests {
    static let id = "delay_level/twice"

    static func twice() throws -> String {
        try CorpusTests.temporaryCorpus([
            "a/one.json": CorpusTests.caseText(id: id),
            "b/two.json": CorpusTests.caseText(id: id),
            "c/other-version.json": CorpusTests.caseText(id: id).replacingOccurrences(of: #""hutch": "1.3.1""#, with: #""hutch": "1.4.0""#)
        ])
    }

    @Test func theSecondCaseWithAnIdIsUnreadableNamingBoth() throws {
        let folder = try Self.twice()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corpus = Corpus.load(paths: [folder])
        #expect(corpus.cases.map(\.file) == ["\(folder)/a/one.json", "\(folder)/c/other-version.json"])
        #expect(
            corpus.unreadable.map(\.description) == [
                "\(folder)/b/two.json: id: expected an id no other case of hutch-1.3.1 has, found \"\(Self.id)\", the id of \(folder)/a/one.json"
            ])
    }

    @Test(ExitStatusTests.built, arguments: [["check"], ["coverage"], ["diff", TestCorpus.root]])
    func everyCommandFailsOnIt(command: [String]) async throws {
        let folder = try Self.twice()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try await ExitStatusTests.run(command + [folder])
        #expect(result.status != 0, "\(result.output)")
        #expect(result.output.contains("\(folder)/b/two.json: id: expected an id no other case"), "\(result.output)")
    }
}
