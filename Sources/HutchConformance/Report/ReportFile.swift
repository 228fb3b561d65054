import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a report (or a rewritten list) to the file a path names, the one place every
/// report option and `coverage --readme` write through.
///
/// Symbolic links are followed, also to a target not there yet, and the target is
/// written, never the link replaced. A regular file (or a new one) is written
/// atomically; anything else that can be written — `/dev/null`, a FIFO — is written
/// through in place, never replaced; a folder is refused. A missing folder above the
/// file is created.
package enum ReportFile {
    /// How many links a path may pass through before it counts as a loop (Linux's limit).
    private static let maximumLinks = 40

    /// Writes `text` to the file `path` names.
    package static func write(_ text: String, to path: String) throws(ReportFileError) {
        let target = try resolve(path)
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportFileError(path: path, expected: "a folder that can be created", found: FileErrorReason.text(error))
        }
        if writesInPlace(target) {
            try writeInPlace(target, text, path: path)
        } else if FileKind.isFolder(target) {
            throw ReportFileError(path: path, expected: "a file", found: "a folder")
        } else {
            try replace(target, with: text, path: path)
        }
    }

    /// Whether ``write(_:to:)`` writes into `target` (a path ``resolve(_:)`` gave) in place
    /// rather than replacing it: it exists and is neither a regular file nor a folder —
    /// a device or a FIFO.
    package static func writesInPlace(_ target: String) -> Bool {
        guard let kind = FileKind.kind(of: target) else { return false }
        return kind != S_IFREG && kind != S_IFDIR
    }

    /// The file `path` names: absolute, every symbolic link followed (a dangling one to
    /// the path it names), the folders above it real. Two paths naming the same file
    /// resolve alike.
    package static func resolve(_ path: String) throws(ReportFileError) -> String {
        var current = absolute(path)
        for _ in 0..<maximumLinks {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                return realFolder(of: current)
            }
            current =
                target.hasPrefix("/")
                ? target : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
        }
        throw ReportFileError(path: path, expected: "a file", found: "more than \(maximumLinks) symbolic links in a row (a loop)")
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    /// `path` with the folders above it resolved by realpath(3) when they exist.
    private static func realFolder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        guard let real = realpath(folder, nil) else { return (path as NSString).standardizingPath }
        defer { free(real) }
        return (String(cString: real) as NSString).appendingPathComponent((path as NSString).lastPathComponent)
    }

    /// Writes a new file beside `target` and renames it over `target`.
    private static func replace(_ target: String, with text: String, path: String) throws(ReportFileError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw ReportFileError(path: path, expected: "a file that can be written", found: FileErrorReason.text(error))
        }
    }

    /// Opens `target` (a device, a FIFO) and writes `text` into it, leaving it in place.
    /// A FIFO no process reads is refused at once (opened without blocking: a plain open
    /// would wait for a reader forever); the writes then block as usual.
    private static func writeInPlace(_ target: String, _ text: String, path: String) throws(ReportFileError) {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let found = errno == ENXIO ? "a FIFO no process reads" : String(cString: strerror(errno))
            throw ReportFileError(path: path, expected: "a file that can be written", found: found)
        }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { writeBytes(descriptor, $0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw ReportFileError(path: path, expected: "a file that can be written", found: String(cString: strerror(errno)))
            }
            written += count
        }
    }
}

/// write(2), out of the reach of ``ReportFile/write(_:to:)``'s name.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    write(descriptor, bytes.baseAddress, bytes.count)
}
