import Foundation
import HutchConventions

/// The cases found under one or more paths: every `*.json` file but `corpus.json`,
/// recursively, plus what each folder's `corpus.json` manifest says it skipped.
public struct Corpus: Sendable {
    /// A case the manifest lists as not recorded for that version, with the reason.
    public struct SkippedCase: Sendable, Equatable {
        /// The case id.
        public var id: String
        /// The corpus (manifest `name`, or its folder).
        public var corpus: String
        /// Why the case was not recorded.
        public var reason: String
    }

    /// The cases read, in path order.
    public var cases: [RecordedCase] = []
    /// Files that could not be read as cases, each with its error.
    public var unreadable: [CaseFileError] = []
    /// Cases the manifests list as skipped.
    public var skipped: [SkippedCase] = []

    /// Walks `paths` (files or folders) and reads every case file found.
    public static func load(paths: [String]) -> Corpus {
        var corpus = Corpus()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                corpus.unreadable.append(CaseFileError(file: path, field: "", expected: "a case file or a folder of them", found: "nothing at that path"))
                continue
            }
            let files = isDirectory.boolValue ? jsonFiles(under: path) : [path]
            for file in files {
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
        return corpus
    }

    private static func jsonFiles(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".json") { files.append((folder as NSString).appendingPathComponent(relative)) }
        }
        return files.sorted()
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
        for entry in object["skipped"]?.arrayValue ?? [] {
            guard let id = entry.objectValue?["id"]?.stringValue else { continue }
            let reason = entry.objectValue?["reason"]?.stringValue ?? "no reason given"
            skipped.append(SkippedCase(id: id, corpus: name, reason: reason))
        }
    }
}
