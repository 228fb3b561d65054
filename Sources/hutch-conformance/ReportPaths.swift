import ArgumentParser
import Foundation
import HutchConformance

/// The files a `check` or `live` run writes (its reports, and with `--fix` its
/// expected-failures list), checked before the run: no two of them may be the same
/// file, and none may be a file the run reads (a case file, the expected-failures
/// list), which the report would overwrite.
///
/// A path whose target exists and is not a regular file or a folder — `/dev/null`, a
/// FIFO — is exempt: writing there replaces nothing, so `--json /dev/null --junit
/// /dev/null` discards both reports.
struct ReportPaths {
    var junit: String?
    var json: String?
    var html: String?
    var expectedFailures: String?
    var fix: Bool

    /// A usage error naming the two options when a written file is another one, or one
    /// that `corpus` (or the expected-failures list) is read from.
    func validate(against corpus: Corpus) throws {
        var written: [(option: String, path: String)] = [("--junit", junit), ("--json", json), ("--html", html)].compactMap {
            option, path in
            path.map { (option, $0) }
        }
        var read: [(what: String, path: String)] = (corpus.cases.map(\.file) + corpus.unreadable.map(\.file)).map { ("the case file", $0) }
        if let expectedFailures {
            if fix {
                written.append(("--expected-failures (with --fix)", expectedFailures))
            } else {
                read.append(("--expected-failures", expectedFailures))
            }
        }
        var claimed: [String: String] = [:]
        for (option, path) in written {
            let file = Self.identity(path)
            guard !ReportFile.writesInPlace(file) else { continue }
            if let other = claimed[file] {
                throw ValidationError("\(option) \(path): expected a file no other option writes, found the file \(other) writes")
            }
            claimed[file] = option
        }
        for (what, path) in read {
            if let option = claimed[Self.identity(path)] {
                throw ValidationError("\(option): expected a file the run does not read, found \(what) \(path), which it would overwrite")
            }
        }
    }

    /// The file `path` names, so that two paths to one file compare equal.
    private static func identity(_ path: String) -> String {
        (try? ReportFile.resolve(path)) ?? path
    }
}
