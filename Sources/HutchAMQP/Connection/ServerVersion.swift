/// A broker version such as `3.10.8` or `4.0.2-rc.1`, ordered by its numbers.
package struct ServerVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version.
    package var major: Int
    /// The minor version.
    package var minor: Int
    /// The patch version (0 when absent).
    package var patch: Int

    /// Creates a version.
    package init(major: Int, minor: Int, patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses the leading `major.minor[.patch]` of a version string; a suffix such as
    /// `-rc.1` or `+build` is ignored.
    package init?(_ text: String) {
        let core = text.prefix { $0.isNumber || $0 == "." }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count >= 2, let major = parts[0], let minor = parts[1] else { return nil }
        let patch: Int
        if parts.count >= 3 {
            guard let value = parts[2] else { return nil }
            patch = value
        } else {
            patch = 0
        }
        self.init(major: major, minor: minor, patch: patch)
    }

    /// Orders by major, then minor, then patch.
    package static func < (lhs: ServerVersion, rhs: ServerVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    /// `"3.10.8"`.
    package var description: String { "\(major).\(minor).\(patch)" }
}
