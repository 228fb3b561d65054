import ArgumentParser
import Foundation
import HutchConformance

/// `hutch-conformance coverage`: the coverage table of a corpus.
struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the cases per dimension of the input space, kind and Hutch version (the table of Conformance/README.md).",
        discussion: """
            Prints the table as Markdown, or with --readme writes it between the coverage \
            markers of that file. Exit status: 0 done; 1 a case file or folder could not be \
            read (listed); 3 the file cannot be read or written, or lacks the markers.
            """
    )

    @Argument(
        help: "Case files or folders of them (default: the bundled corpora, ruby-fixtures/recorded and ruby-fixtures/recorded-extended).")
    var paths: [String] = []

    @Option(name: .long, help: "Write the table between the coverage markers of this Markdown file instead of printing it.")
    var readme: String?

    func run() throws {
        let corpus = Corpus.load(paths: paths.isEmpty ? BundledCorpus.paths() : paths)
        for error in corpus.unreadable {
            FileHandle.standardError.write(Data("UNREADABLE \(TerminalText.escape(error.description))\n".utf8))
        }
        guard corpus.unreadable.isEmpty else { throw ExitStatus.differ.code }
        let table = CoverageTable(corpus)
        guard let readme else {
            print(table.markdown, terminator: "")
            return
        }
        do {
            let text = try Self.readREADME(readme)
            guard let updated = table.replacingSection(in: text) else {
                FileHandle.standardError.write(
                    Data(
                        "\(readme): expected the lines \(CoverageTable.beginMarker) and \(CoverageTable.endMarker), found neither pair\n"
                            .utf8))
                throw ExitStatus.toolError.code
            }
            try ReportFile.write(updated, to: readme)
        } catch let error as ExitCode {
            throw error
        } catch let error as ReportFileError {
            FileHandle.standardError.write(Data("\(TerminalText.escape(error.description))\n".utf8))
            throw ExitStatus.toolError.code
        }
    }

    /// The text of the README `path` names; a ``ReportFileError`` saying what was there
    /// instead of a readable UTF-8 file.
    private static func readREADME(_ path: String) throws(ReportFileError) -> String {
        let expected = "a readable UTF-8 README"
        guard FileKind.isRegularFile(path) else { throw ReportFileError(path: path, expected: expected, found: FileKind.describe(path)) }
        do {
            return try TextFile.read(path)
        } catch {
            throw ReportFileError(path: path, expected: expected, found: error.found)
        }
    }
}

extension ExitStatus {
    /// This status as the `ExitCode` that ends a command with it.
    var code: ExitCode { ExitCode(rawValue) }
}
