import Foundation
import HutchConformance
import Testing

/// A case file that is not a regular file is refused unopened, saying what it is; a
/// README `coverage --readme` cannot read is named with the system's reason, never as
/// Foundation's `NSCocoaErrorDomain` dump.
@Suite struct SpecialFileTests {
    @Test func aFIFOIsRefusedAsAFIFO() throws {
        let fifo = ExternalTool.temporaryFile("case-fifo.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        // Opening a FIFO without a writer would block: the reader must not open it.
        #expect(throws: CaseFileError(file: fifo, field: "", expected: "a regular case file", found: "a FIFO")) {
            try CaseFileReader.read(path: fifo)
        }
    }

    @Test func aCharacterDeviceIsRefusedAsOne() {
        #expect(throws: CaseFileError(file: "/dev/zero", field: "", expected: "a regular case file", found: "a character device")) {
            try CaseFileReader.read(path: "/dev/zero")
        }
    }

    @Test(ExitStatusTests.built) func aMissingReadmeIsNamedWithTheReason() async throws {
        let readme = ExternalTool.temporaryFile("no-such-readme.md").path
        let result = try await ExitStatusTests.run(["coverage", TestCorpus.root, "--readme", readme])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("\(readme): expected a readable UTF-8 README, found No such file or directory"), "\(result.output)")
        #expect(!result.output.contains("NSCocoaErrorDomain"), "\(result.output)")
    }
}
