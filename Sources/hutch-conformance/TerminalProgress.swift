import Foundation
import HutchConformance

/// A one-line progress counter on standard error, shown only when standard error is a
/// terminal (CI logs and redirected output stay clean).
struct TerminalProgress {
    let total: Int
    private(set) var done = 0
    private let enabled = isatty(STDERR_FILENO) != 0

    init(total: Int) { self.total = total }

    /// Counts one case and redraws the line.
    mutating func step(_ name: String) {
        done += 1
        guard enabled else { return }
        let line = "\r\u{1B}[K[\(done)/\(total)] \(TerminalText.escape(name))"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the line.
    func finish() {
        guard enabled, done > 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
