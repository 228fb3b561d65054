/// Where the passwords of the URLs in a text are, as ``URLRedaction`` reads them.
///
/// The text is read from the start, one URL after another:
///
/// - A URL starts at `scheme://` (its authority begins after `//`), or at a word that
///   starts `scheme:` followed by text other than `/` or whitespace (an opaque URL such
///   as `amqp:user:password@host`, whose scheme counts as part of the user info). A
///   word starts at the start of the text or after a character that is not a letter,
///   digit, `+ - . : / @ %`.
/// - Its user info ends at an `@` before the next line break and the next `://`: the
///   first `@` after the authority's start, or — when that `@` is in a later word than
///   the authority's start — only if the authority's first word does not already read
///   as a host and port (`broker`, `broker:5672`, `[::1]:5672`), so that the `@` of an
///   address in the prose after a URL is not taken for one. A password may hold an `@`,
///   `/`, `?`, `#` or a space, so the user info runs on to the last `@` of the word
///   holding that first `@`.
/// - The password is the text between the user info's first `:` and its `@`; a user
///   info without `:` has none.
/// - The URL's authority ends at the first `/ ? #` or whitespace after its user info's
///   `@`; the next URL is looked for from there. A URL without user info is passed over
///   up to the first `/ ? #` or whitespace after its authority's start.
///
/// A redacted password (`***`) holds none of `@ / ? #` or whitespace, so reading a
/// redacted text again finds the same user infos: redacting twice is redacting once.
struct URLUserInfoScan {
    private let text: [Character]

    init(_ text: [Character]) { self.text = text }

    /// The range of each URL's password, in order.
    func passwords() -> [Range<Int>] {
        var passwords: [Range<Int>] = []
        var position = 0
        while let url = nextURL(from: position) {
            guard let at = userInfoEnd(of: url) else {
                position = url.hierarchical ? delimiter(from: url.authority) : url.authority
                continue
            }
            if let colon = text[url.userInfo..<at].firstIndex(of: ":") { passwords.append(colon + 1..<at) }
            position = delimiter(from: at + 1)
        }
        return passwords
    }

    /// Where a URL starts: its user info (the authority, or the scheme of an opaque URL)
    /// and its authority (after `//`, or after the scheme's `:`).
    private struct URLStart {
        var userInfo: Int
        var authority: Int
        var hierarchical: Bool
    }

    /// The first URL starting at or after `position`.
    private func nextURL(from position: Int) -> URLStart? {
        var index = position
        while index < text.count {
            if isSeparator(at: index) { return URLStart(userInfo: index + 3, authority: index + 3, hierarchical: true) }
            if isWordStart(index), let colon = schemeEnd(from: index), colon + 1 < text.count,
                text[colon + 1] != "/", !text[colon + 1].isWhitespace
            {
                return URLStart(userInfo: index, authority: colon + 1, hierarchical: false)
            }
            index += 1
        }
        return nil
    }

    /// Whether `://` starts at `index`.
    private func isSeparator(at index: Int) -> Bool {
        index + 2 < text.count && text[index] == ":" && text[index + 1] == "/" && text[index + 2] == "/"
    }

    /// The `:` ending the scheme that starts at `index` (a letter, then letters, digits,
    /// `+ - .`).
    private func schemeEnd(from index: Int) -> Int? {
        guard text[index].isASCII, text[index].isLetter else { return nil }
        var end = index + 1
        while end < text.count, Self.isSchemeCharacter(text[end]) { end += 1 }
        return end < text.count && text[end] == ":" ? end : nil
    }

    private func isWordStart(_ index: Int) -> Bool {
        index == 0 || !(Self.isSchemeCharacter(text[index - 1]) || ":/@%".contains(text[index - 1]))
    }

    private static func isSchemeCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "+-.".contains(character))
    }

    /// The `@` ending the user info of `url`, if it has one.
    private func userInfoEnd(of url: URLStart) -> Int? {
        let bound = limit(after: url.authority)
        guard let first = text[url.authority..<bound].firstIndex(of: "@") else { return nil }
        let firstWordEnd = text[url.authority..<bound].firstIndex(where: \.isWhitespace) ?? bound
        if first > firstWordEnd && readsAsHostAndPort(text[url.authority..<delimiter(from: url.authority)]) { return nil }
        let wordEnd = text[first..<bound].firstIndex(where: \.isWhitespace) ?? bound
        return text[first..<wordEnd].lastIndex(of: "@")
    }

    /// Where a user info starting at `start` must end before: the next line break or
    /// `://`, or the end of the text.
    private func limit(after start: Int) -> Int {
        var index = start
        while index < text.count, !text[index].isNewline, !isSeparator(at: index) { index += 1 }
        return index
    }

    /// The first `/ ? #` or whitespace at or after `start` (or the end of the text).
    private func delimiter(from start: Int) -> Int {
        text[start...].firstIndex { "/?#".contains($0) || $0.isWhitespace } ?? text.count
    }

    /// Whether `part` is a host with an optional port: `broker`, `broker:5672`,
    /// `broker:`, `[::1]:5672` — not `user:pass`.
    private func readsAsHostAndPort(_ part: ArraySlice<Character>) -> Bool {
        var rest = part
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return false }
            rest = rest[(close + 1)...]
            if rest.isEmpty { return true }
            guard rest.first == ":" else { return false }
        } else if let colon = rest.firstIndex(of: ":") {
            rest = rest[colon...]
        } else {
            return true
        }
        return rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}
