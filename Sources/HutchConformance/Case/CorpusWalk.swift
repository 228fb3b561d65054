import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `*.json` files under one or more folders, recursively: folders reached through
/// symbolic links are walked too, each real folder once, and every folder that cannot
/// be listed, link that leads nowhere, link back to a folder it is in (a loop) or second
/// path to a folder already walked becomes an error instead of being passed over.
struct CorpusWalk {
    /// The `*.json` files found, as paths under the folder walked (links not resolved).
    private(set) var files: [String] = []
    /// What could not be walked.
    private(set) var errors: [CaseFileError] = []
    /// The real paths of the folders walked so far.
    private var visited: Set<String> = []
    /// The real paths of the folders being walked, outermost first.
    private var enclosing: [String] = []

    /// The real path of `path` (absolute, every link resolved, realpath(3)); `nil` when
    /// it leads nowhere.
    static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Walks `root` (which may itself be a symbolic link to a folder); a root already
    /// walked, as a root or inside another, is not walked again.
    mutating func walkRoot(_ root: String) {
        if let real = Self.realPath(root), visited.contains(real) { return }
        walk(root)
    }

    private mutating func walk(_ folder: String) {
        guard let real = Self.realPath(folder) else {
            errors.append(
                CaseFileError(file: folder, field: "", expected: "a case file or a folder of them", found: "a link that leads nowhere"))
            return
        }
        guard visited.insert(real).inserted else {
            let found =
                enclosing.contains(real)
                ? "a link to \(real), a folder it is in (a loop)"
                : "a second path to \(real), which is already walked"
            errors.append(CaseFileError(file: folder, field: "", expected: "a folder of case files", found: found))
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
        enclosing.append(real)
        defer { enclosing.removeLast() }
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
