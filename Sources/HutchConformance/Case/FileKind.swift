import Foundation

/// What is at a path, in words for error messages: `a regular file`, `a folder`,
/// `a FIFO`, `a character device`, … — read with stat(2), so nothing is opened.
package enum FileKind {
    /// What `path` names (symbolic links followed), or the system's reason it cannot be
    /// looked at (`No such file or directory`).
    package static func describe(_ path: String) -> String {
        guard let kind = kind(of: path) else { return String(cString: strerror(errno)) }
        return name(of: kind)
    }

    /// Whether `path` names a regular file (symbolic links followed).
    package static func isRegularFile(_ path: String) -> Bool { kind(of: path) == S_IFREG }

    /// Whether `path` names a folder (symbolic links followed).
    package static func isFolder(_ path: String) -> Bool { kind(of: path) == S_IFDIR }

    /// The file type bits (`S_IFREG`, `S_IFDIR`, …) of what `path` names (symbolic links
    /// followed); `nil` when nothing can be looked at there.
    package static func kind(of path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    private static func name(of kind: mode_t) -> String {
        switch kind {
        case S_IFREG: "a regular file"
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a file of an unknown kind"
        }
    }
}
