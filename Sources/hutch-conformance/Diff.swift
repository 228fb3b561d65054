import ArgumentParser
import Foundation
import HutchConformance

/// `hutch-conformance diff OLD NEW`: what Ruby's behaviour changed between two
/// recordings.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what Ruby's behaviour changed between two recordings (corpora or case files).",
        discussion: """
            Ignores what differs between two recordings of the same behaviour: recorded_at, \
            recorded_with, message ids, timestamps, consumer tags, x-death times and the frame \
            bytes that differ only by them. Prints each change as its place (routing key, \
            header, body path, input field), the old value and the new one. Prints nothing and \
            exits 0 when the behaviour is the same; exits 1 when it changed, 2 when a \
            recording cannot be read.
            """
    )

    @Argument(help: "The old recording: a corpus folder or a case file.")
    var old: String

    @Argument(help: "The new recording: a corpus folder or a case file.")
    var new: String

    func run() throws {
        let diff = CorpusDiff.compare(
            old: Corpus.load(paths: [old]), new: Corpus.load(paths: [new]), pairingSingleCases: Self.isFile(old) && Self.isFile(new))
        for line in DiffReport().lines(for: diff) { print(line) }
        if !diff.unreadable.isEmpty { throw ExitCode(2) }
        if diff.behaviourChanged { throw ExitCode.failure }
    }

    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
