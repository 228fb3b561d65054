import Foundation
import HutchConventions

/// Reads case files of the `hutch-conformance/1` format.
package enum CaseFileReader {
    /// The format tag every case file carries.
    package static let format = "hutch-conformance/1"

    /// Parses one case file's bytes; `file` names it in errors.
    package static func parse(_ bytes: [UInt8], file: String) throws(CaseFileError) -> RecordedCase {
        let root: JSONValue
        do {
            root = try RubyJSON.parse(bytes)
        } catch {
            throw CaseFileError(
                file: file, field: "", expected: "a JSON document", found: "invalid JSON (\(error.message), at byte \(error.offset ?? 0))")
        }
        guard let object = root.objectValue else {
            throw CaseFileError(file: file, field: "", expected: "a JSON object", found: summary(of: root))
        }
        let reader = FieldReader(object, file: file, path: "")
        let format = try reader.string("format")
        guard format == Self.format else { throw reader.error("format", expected: "\"\(Self.format)\"") }
        var recordedWith: [String: String] = [:]
        for (key, value) in try reader.object("recorded_with").object.pairs {
            if let text = value.stringValue { recordedWith[key] = text }
        }
        return RecordedCase(
            id: try reader.string("id"),
            kind: try reader.string("kind"),
            description: try reader.optionalString("description") ?? "",
            recordedWith: recordedWith,
            recordedAt: try reader.number("recorded_at"),
            input: try reader.object("input").object,
            expected: try reader.object("expected").object,
            file: file
        )
    }

    /// Reads and parses the case file at `path`: a regular file (a FIFO or a device is
    /// refused unopened, naming what it is).
    package static func read(path: String) throws(CaseFileError) -> RecordedCase {
        guard FileKind.isRegularFile(path) else {
            throw CaseFileError(file: path, field: "", expected: "a regular case file", found: FileKind.describe(path))
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CaseFileError(file: path, field: "", expected: "a readable case file", found: FileErrorReason.text(error))
        }
        return try parse([UInt8](data), file: path)
    }
}
