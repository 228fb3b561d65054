import Foundation
import Testing

/// The Swift code blocks of a Markdown document (the README, a DocC article), and the
/// check that each stands verbatim in a file the test suite compiles.
///
/// A block preceded by a line `<!-- checked by scripts/quickstart-check.sh… -->` is
/// compiled by that script instead (the quick start and the install lines, which only
/// a package of their own can build); ``checkedElsewhere`` holds them.
struct DocumentedBlocks {
    /// The blocks the test suite must compile.
    var compiledHere: [String] = []
    /// The blocks scripts/quickstart-check.sh builds.
    var checkedElsewhere: [String] = []

    static let scriptMarker = "<!-- checked by scripts/quickstart-check.sh"

    /// The repository's root, found from this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Reads the blocks of the Markdown file at `path` (relative to the repository root).
    init(markdown path: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        var block: [Substring]?
        var previous: Substring = ""
        var markedForScript = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if var lines = block {
                if line.trimmingCharacters(in: .whitespaces) == "```" {
                    let code = lines.joined(separator: "\n") + "\n"
                    if markedForScript { checkedElsewhere.append(code) } else { compiledHere.append(code) }
                    block = nil
                } else {
                    lines.append(line)
                    block = lines
                }
            } else if line.trimmingCharacters(in: .whitespaces) == "```swift" {
                markedForScript = previous.hasPrefix(Self.scriptMarker)
                block = []
            }
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { previous = line }
        }
    }

    /// Records an issue for every block compiled here that is not, verbatim (indentation
    /// aside), in one of `files` (relative to the repository root).
    static func expectCompiled(_ blocks: [String], in files: [String], document: String) throws {
        var source = ""
        for file in files { source += try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) + "\n" }
        let normalizedSource = normalized(source)
        for block in blocks {
            #expect(normalizedSource.contains(normalized(block)), "\(document) block not compiled by \(files):\n\(block)")
        }
    }

    /// Lines without their indentation, so blocks match the indented test bodies.
    static func normalized(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n")
    }
}
