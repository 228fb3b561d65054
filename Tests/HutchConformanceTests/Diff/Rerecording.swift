import Foundation
import HutchConventions

/// A re-recording of unchanged behaviour, made from a recorded case file: what differs
/// between two real recordings of the same thing — message ids and consumer tags (new
/// UUIDs), timestamps, `x-death` times, `enqueue_at`'s clock and `recorded_at` — changed
/// in the JSON view and, byte for byte, in the frames' hex.
enum Rerecording {
    static func of(_ text: String, shift: Int64 = 7) -> String {
        var result = text
        let uuid = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/
        for old in Set(text.matches(of: uuid).map { String($0.output) }) {
            let new = SecureRandomUUID.make()
            result = result.replacingOccurrences(of: old, with: new).replacingOccurrences(
                of: hex(Array(old.utf8)), with: hex(Array(new.utf8)))
        }
        var clocks: Set<Int64> = []
        result = result.replacing(/"timestamp": (\d+)/) { match in
            let value = Int64(match.output.1)!
            clocks.insert(value)
            return "\"timestamp\": \(value + shift)"
        }
        result = result.replacing(/(\[\s*"time",\s*\{\s*"type": "T",\s*"value": )(\d+)/) { match in
            let value = Int64(match.output.2)!
            clocks.insert(value)
            return "\(match.output.1)\(value + shift)"
        }
        for value in clocks {
            result = result.replacingOccurrences(of: hex(bigEndian(value)), with: hex(bigEndian(value + shift)))
        }
        for key in ["recorded_at", "now", "at"] {
            result = result.replacing(try! Regex("\"\(key)\": ([0-9.]+)")) { match in
                let value = Double(String(match.output[1].substring!))!
                return "\"\(key)\": \(value + Double(shift))"
            }
        }
        return result
    }

    private static func bigEndian(_ value: Int64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A copy of the corpus at `root` (every `*.json`), re-recorded, in a temporary folder.
    static func copy(of root: String, only: [String]? = nil) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hutch-rerecording-\(UUID().uuidString)")
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".json"), only.map({ $0.contains(relative) }) ?? true else { continue }
            let target = folder.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            try of(text).write(to: target, atomically: true, encoding: .utf8)
        }
        return folder
    }
}
