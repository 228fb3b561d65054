import Foundation

/// Reads a file the tool takes as UTF-8 text (the expected-failures list, the README
/// `coverage --readme` rewrites), saying what was found when it cannot.
package enum TextFile {
    /// The text cannot be read: what was found instead, for an "expected …, found …" message.
    package struct Unreadable: Error {
        /// The system's reason, or that the bytes are not UTF-8.
        package var found: String
    }

    /// The UTF-8 text of the file at `path`.
    package static func read(_ path: String) throws(Unreadable) -> String {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Unreadable(found: FileErrorReason.text(error))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Unreadable(found: "bytes that are not UTF-8") }
        return text
    }
}
