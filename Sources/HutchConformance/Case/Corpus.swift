import Foundation
import HutchConventions

/// The cases found under one or more paths: every `*.json` file but `corpus.json`,
/// recursively, plus what each folder's `corpus.json` manifest says it skipped.
///
/// A root given as a symbolic link is resolved; symbolic links to folders inside a
/// corpus are followed (a link back to a folder it is in, a loop, or a second path to a
/// folder already walked is reported as unreadable, not walked twice); a folder that
/// cannot be listed, or a path that leads nowhere, is reported as unreadable. A file or
/// folder given twice (or a root inside another) is read once. A case whose id another
/// case of its Hutch version has is unreadable (``rejectDuplicateIDs()``). Nothing else
/// is skipped.
package struct Corpus: Sendable {
    /// A case the manifest lists as not recorded for that version, with the reason.
    package struct SkippedCase: Sendable, Equatable {
        /// The case id.
        package var id: String
        /// The corpus (manifest `name`, or its folder).
        package var corpus: String
        /// Why the case was not recorded.
        package var reason: String
    }

    /// The cases read, in path order.
    package var cases: [RecordedCase] = []
    /// Files (and folders) that could not be read as cases, each with its error.
    package var unreadable: [CaseFileError] = []
    /// Cases the manifests list as skipped.
    package var skipped: [SkippedCase] = []
    /// The corpora whose manifest was read (manifest `name`, or its folder): read whole.
    package var wholeCorpora: Set<String> = []

    /// Walks `paths` (files or folders) and reads every case file found.
    package static func load(paths: [String]) -> Corpus {
        var corpus = Corpus()
        var walk = CorpusWalk()
        // A file named twice (as a path, or under two of them) is read once.
        var read: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            // fileExists follows a symbolic link: a dangling one is "nothing at that path".
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                corpus.unreadable.append(
                    CaseFileError(file: path, field: "", expected: "a case file or a folder of them", found: "nothing at that path"))
                continue
            }
            var files: [String] = [path]
            if isDirectory.boolValue {
                let (filesBefore, errorsBefore) = (walk.files.count, walk.errors.count)
                walk.walkRoot(path)
                files = walk.files[filesBefore...].sorted()
                corpus.unreadable += walk.errors[errorsBefore...]
            }
            for file in files where read.insert(CorpusWalk.realPath(file) ?? file).inserted {
                if (file as NSString).lastPathComponent == "corpus.json" {
                    corpus.readManifest(file)
                    continue
                }
                do {
                    corpus.cases.append(try CaseFileReader.read(path: file))
                } catch {
                    corpus.unreadable.append(error)
                }
            }
        }
        corpus.rejectDuplicateIDs()
        return corpus
    }

    private mutating func readManifest(_ file: String) {
        guard let data = FileManager.default.contents(atPath: file),
            let object = (try? RubyJSON.parse([UInt8](data)))?.objectValue
        else {
            unreadable.append(CaseFileError(file: file, field: "", expected: "a corpus manifest (JSON object)", found: "unreadable JSON"))
            return
        }
        let folderName = ((file as NSString).deletingLastPathComponent as NSString).lastPathComponent
        let name = object["name"]?.stringValue ?? folderName
        wholeCorpora.insert(name)
        for entry in object["skipped"]?.arrayValue ?? [] {
            guard let id = entry.objectValue?["id"]?.stringValue else { continue }
            let reason = entry.objectValue?["reason"]?.stringValue ?? "no reason given"
            skipped.append(SkippedCase(id: id, corpus: name, reason: reason))
        }
    }
}
