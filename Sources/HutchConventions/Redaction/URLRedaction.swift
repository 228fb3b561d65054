/// Hides the password of a broker URL wherever a URL may be echoed: in errors, logs,
/// reports and command lines.
///
/// Works on any text, well-formed URL or not — the cases that need it most are the URLs
/// a parser rejects (a space, `%zz`, non-ASCII, or an unescaped `/ ? #` in the
/// password). Everything between `://` (or, without one, the start of the word) and the
/// last `@` is user info: the user name (before its first `:`) is kept, the rest
/// becomes `***`.
///
/// ```swift
/// URLRedaction.redacting("amqp://app:s3cr/et@broker:5672/") // "amqp://app:***@broker:5672/"
/// ```
package enum URLRedaction {
    /// What a hidden password is shown as.
    package static let mask = "***"

    /// `text` with the password of its user info replaced by ``mask``; text without a
    /// `user:password@` part is returned unchanged.
    package static func redacting(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@") else { return text }
        // After `scheme://`; without one (`amqp:user:pass@host`), the word holding the `@`.
        let start =
            text[..<at].range(of: "://")?.upperBound
            ?? text[..<at].lastIndex(where: \.isWhitespace).map(text.index(after:)) ?? text.startIndex
        let userInfo = text[start..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":" + mask + String(text[at...])
    }

    /// Every URL-like word of `arguments` redacted (for echoing a command line).
    package static func redacting(arguments: [String]) -> [String] {
        arguments.map(redacting)
    }
}
