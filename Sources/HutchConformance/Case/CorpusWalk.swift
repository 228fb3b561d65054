import Foundation

/// The `*.json` files under a folder, recursively: folders reached through symbolic
/// links are walked too (each real folder once), and every folder that cannot be
/// listed or link that leads nowhere becomes an error instead of being passed over.
struct CorpusWalk {
    /// The `*.json` files found, as paths under the folder walked (links not resolved).
    private(set) var files: [String] = []
    /// What could not be walked.
    private(set) var errors: [CaseFileError] = []
    /// The real paths of the folders walked so far.
    private var visited: Set<String> = []

    /// Walks `folder` (which may itself be a symbolic link to a folder).
    mutating func walk(_ folder: String) {
        let real = (folder as NSString).resolvingSymlinksInPath
        guard visited.insert(real).inserted else {
            errors.append(
                CaseFileError(
                    file: folder, field: "", expected: "a folder of case files",
                    found: "a link to \(real), which is already walked (a loop)"))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            errors.append(
                CaseFileError(file: folder, field: "", expected: "a folder that can be listed", found: FileErrorReason.text(error)))
            return
        }
        for name in names.sorted() {
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                if name.hasSuffix(".json") || Self.isLink(path) {
                    errors.append(
                        CaseFileError(
                            file: path, field: "", expected: "a case file or a folder of them", found: "a link that leads nowhere"))
                }
                continue
            }
            if isDirectory.boolValue {
                walk(path)
            } else if name.hasSuffix(".json") {
                files.append(path)
            }
        }
    }

    private static func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }
}
