/// Hides the password of a broker URL wherever a URL may be echoed: in errors, logs,
/// reports and command lines.
///
/// Works on any text, well-formed URL or not — the cases that need it most are the URLs
/// a parser rejects (a space, `%zz`, non-ASCII, or an unescaped `@ / ? #` in the
/// password). Each URL of the text is read on its own (``URLUserInfoScan`` gives the
/// rules): a URL starts with `scheme://`, or with `scheme:` at the start of a word; its
/// user info runs to the last `@` of the word holding its first `@`; the text after the
/// user info's first `:` up to that `@` is the password and becomes `***`. The user name
/// is kept, and so is everything after the `@`. Redacting redacted text changes nothing.
///
/// ```swift
/// URLRedaction.redacting("amqp://app:s3cr/et@broker:5672/") // "amqp://app:***@broker:5672/"
/// ```
///
/// It errs towards hiding: an `@` in a URL's path or query (`?name=me@host`) counts as the
/// end of its user info, so the text up to it is hidden too.
package enum URLRedaction {
    /// What a hidden password is shown as.
    package static let mask = "***"

    /// `text` with the password of each URL's user info replaced by ``mask``; text
    /// without a `user:password@` part is returned unchanged.
    package static func redacting(_ text: String) -> String {
        guard text.contains("@") else { return text }
        let characters = Array(text)
        var redacted = ""
        var copied = 0
        for password in URLUserInfoScan(characters).passwords() {
            redacted += String(characters[copied..<password.lowerBound]) + mask
            copied = password.upperBound
        }
        return redacted + String(characters[copied...])
    }

    /// Every URL-like word of `arguments` redacted (for echoing a command line).
    package static func redacting(arguments: [String]) -> [String] {
        arguments.map(redacting)
    }
}
