import Foundation

/// The method and content-header frames recorded from the Ruby gems, read from
/// `ruby-fixtures/recorded/**/*.json`.
enum RecordedFrames {
    /// One recorded frame.
    struct Frame: Sendable {
        /// 1 (method) or 2 (content header); body frames are not collected.
        var type: Int
        /// The payload (without frame header and frame-end octet); `nil` when
        /// `payload_hex` is not hex.
        var payload: [UInt8]?
        /// Where it was found: the case file and the JSON path.
        var location: String
    }

    /// The folder holding the recorded corpora.
    static var corpusRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // HutchAMQPTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("ruby-fixtures/recorded")
    }

    /// Every case file, as a path relative to ``corpusRoot``, sorted.
    static var caseFiles: [String] {
        let root = corpusRoot.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let next = enumerator.nextObject() as? String {
            if next.hasSuffix(".json") && !next.hasSuffix("corpus.json") { files.append(next) }
        }
        return files.sorted()
    }

    /// The method and content-header frames in one case file, found anywhere in it
    /// (any object with `type` and `payload_hex`).
    static func frames(inCaseFile relativePath: String) throws -> [Frame] {
        let data = try Data(contentsOf: corpusRoot.appendingPathComponent(relativePath))
        let json = try JSONSerialization.jsonObject(with: data)
        var frames: [Frame] = []
        collect(json, path: relativePath, into: &frames)
        return frames
    }

    /// Every method and content-header frame in the whole corpus.
    static func allFrames() throws -> [Frame] {
        try caseFiles.flatMap { try frames(inCaseFile: $0) }
    }

    private static func collect(_ json: Any, path: String, into frames: inout [Frame]) {
        if let object = json as? [String: Any] {
            if let type = (object["type"] as? NSNumber)?.intValue, let hex = object["payload_hex"] as? String {
                if type == 1 || type == 2 {
                    frames.append(Frame(type: type, payload: HexBytes.decode(hex), location: path))
                }
                return
            }
            for key in object.keys.sorted() {
                if let value = object[key] { collect(value, path: "\(path).\(key)", into: &frames) }
            }
        } else if let array = json as? [Any] {
            for (index, element) in array.enumerated() {
                collect(element, path: "\(path)[\(index)]", into: &frames)
            }
        }
    }
}
