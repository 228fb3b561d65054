import Foundation
import HutchConformance
import Testing

/// Symbolic links in a corpus, and paths given twice: each real folder and file is read
/// once, and a loop is reported as a loop.
@Suite struct CorpusLinkTests {
    /// A corpus with one case, `c/one.json`.
    static func corpusWithOneCase() throws -> String {
        try CorpusTests.temporaryCorpus(["c/one.json": CorpusTests.caseText(id: "delay_level/one")])
    }

    @Test func aRelativeLinkToAnEnclosingFolderIsALoopWalkedOnce() throws {
        let root = try Self.corpusWithOneCase()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/c/loop", withDestinationPath: "..")
        let corpus = Corpus.load(paths: [root])
        #expect(corpus.cases.count == 1)
        #expect(corpus.unreadable.map(\.found) == ["a link to \(CorpusWalkPath.real(root)), a folder it is in (a loop)"])
    }

    @Test func aSecondPathToAFolderIsReportedNotWalkedTwice() throws {
        let root = try Self.corpusWithOneCase()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/d", withDestinationPath: "c")
        let corpus = Corpus.load(paths: [root])
        #expect(corpus.cases.count == 1)
        #expect(corpus.unreadable.map(\.found) == ["a second path to \(CorpusWalkPath.real(root))/c, which is already walked"])
    }

    @Test func aPathGivenTwiceIsReadOnce() throws {
        let root = try Self.corpusWithOneCase()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = root + "/c/one.json"
        #expect(Corpus.load(paths: [file, file]).cases.count == 1)
        let folders = Corpus.load(paths: [root, root + "/c", root])
        #expect(folders.cases.count == 1 && folders.unreadable.isEmpty)
    }
}

/// The real path of a folder the tests made (the temporary folder may be a link, as on macOS).
enum CorpusWalkPath {
    static func real(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
