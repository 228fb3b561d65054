import Foundation
import Testing

/// The README's "Testing your consumers" example is ReadmeExample.swift, word for word,
/// so the tests in that file (InvoiceConsumerTests) run the README's code.
@Suite struct ReadmeExampleTests {
    @Test("README.md shows ReadmeExample.swift verbatim in a swift block")
    func readmeShowsTheExample() throws {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let example = try String(contentsOf: tests.appendingPathComponent("ReadmeExample.swift"), encoding: .utf8)
        let readme = try String(
            contentsOf: tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("```swift\n" + example + "```\n"), "README.md's Testing your consumers block differs from ReadmeExample.swift")
    }
}
