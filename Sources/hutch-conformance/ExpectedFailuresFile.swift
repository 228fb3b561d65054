import ArgumentParser
import Foundation
import HutchConformance

/// Reads the `--expected-failures` list before a run, so that a list the run cannot use
/// is a usage error (exit 64) before any case runs, never an empty list.
///
/// A missing file is a new, empty list with `--fix` (which writes it), and a usage error
/// without. A folder, a file that cannot be read, or text that is not UTF-8 is a usage
/// error naming the path, what was expected and what was found.
enum ExpectedFailuresFile {
    /// The list at `path`; `fix` allows it to be missing.
    static func read(_ path: String, fix: Bool) throws(ValidationError) -> FailureList {
        func unusable(_ found: String) -> ValidationError {
            ValidationError(
                "--expected-failures \(TerminalText.escape(path)): expected a readable UTF-8 list of case names, found \(found)")
        }
        guard let kind = FileKind.kind(of: path) else {
            if errno == ENOENT {
                if fix { return FailureList(text: "") }
                throw unusable("no file there (--fix creates it)")
            }
            throw unusable(String(cString: strerror(errno)))
        }
        if kind == S_IFDIR { throw unusable("a folder") }
        do {
            return FailureList(text: try TextFile.read(path))
        } catch {
            throw unusable(error.found)
        }
    }
}
