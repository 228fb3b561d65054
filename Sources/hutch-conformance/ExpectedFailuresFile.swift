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
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT {
                if fix { return FailureList(text: "") }
                throw unusable("no file there (--fix creates it)")
            }
            throw unusable(String(cString: strerror(errno)))
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw unusable("a folder") }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw unusable(FileErrorReason.text(error))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw unusable("bytes that are not UTF-8") }
        return FailureList(text: text)
    }
}
