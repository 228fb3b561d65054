/// A URI as Ruby 3.1's `URI.parse` (uri 0.11, the RFC 3986 parser) splits it, with
/// the component values Hutch reads: `scheme`, `user`, `password`, `host`, `port`,
/// `path`.
///
/// Ruby does not percent-decode any component (`u.user`, `u.password` and the path
/// keep `%40`, `%2F`), keeps the brackets of an IPv6 host (`[::1]`), lower-cases the
/// scheme but not the host, and gives the registered default port for `http`,
/// `https`, `ws`, `wss`, `ftp`, `ldap` and `ldaps` when none is written (`amqp` and
/// `amqps` are not registered: their port is `nil` then).
package struct RubyURI: Sendable, Equatable {
    /// The scheme, lower-cased; `nil` for a relative reference (`broker.example`).
    package var scheme: String?
    /// The text before `:` in the user info (`nil` when there is no user info or it is empty).
    package var user: String?
    /// The text after the first `:` in the user info, if there is one.
    package var password: String?
    /// The host as written (IPv6 literals keep their brackets); `nil` when empty.
    package var host: String?
    /// The port written, or the scheme's registered default.
    package var port: JSONInteger?
    /// The path; `nil` for an opaque URI such as `amqp:host`.
    package var path: String?
    /// The query, without `?`.
    package var query: String?
    /// The fragment, without `#`.
    package var fragment: String?

    /// Parses `text` as `URI.parse` does; throws `URI::InvalidURIError` where Ruby does
    /// (non-ASCII text, or text matching neither an absolute URI nor a relative reference).
    package static func parse(_ text: String) throws(HutchConfigError) -> RubyURI {
        guard text.unicodeScalars.allSatisfy(\.isASCII) else {
            throw HutchConfigError(
                code: .invalidURI, rubyClassName: "URI::InvalidURIError",
                expected: "an ASCII-only URI", found: URLRedaction.redacting(text), source: .uri)
        }
        let chars = Array(text.utf8)
        if let uri = parseAbsolute(chars) ?? parseRelative(chars) { return uri }
        throw HutchConfigError(
            code: .invalidURI, rubyClassName: "URI::InvalidURIError",
            expected: "an RFC 3986 URI such as amqp://user:password@host:5672/vhost", found: URLRedaction.redacting(text), source: .uri)
    }

    /// Scheme-specific default ports of the URI classes Ruby registers.
    static func registeredDefaultPort(_ scheme: String?) -> Int64? {
        switch scheme {
        case "http", "ws": 80
        case "https", "wss": 443
        case "ftp": 21
        case "ldap": 389
        case "ldaps": 636
        default: nil
        }
    }

    // MARK: - Grammar (RFC 3986 as Ruby's parser encodes it)

    private typealias Bytes = [UInt8]

    private static func isAlpha(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) }
    private static func isUnreserved(_ c: UInt8) -> Bool { isAlpha(c) || isDigit(c) || "-._~".utf8.contains(c) }
    private static func isSubDelim(_ c: UInt8) -> Bool { "!$&'()*+,;=".utf8.contains(c) }

    /// Whether `bytes` is a run of `%XX` escapes and characters accepted by `allowed`.
    private static func matches(_ bytes: ArraySlice<UInt8>, allowing allowed: (UInt8) -> Bool) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else { return false }
                i += 3
            } else {
                guard allowed(bytes[i]) else { return false }
                i += 1
            }
        }
        return true
    }

    private static func isUserinfoChar(_ c: UInt8) -> Bool { isUnreserved(c) || isSubDelim(c) || c == UInt8(ascii: ":") }
    private static func isRegNameChar(_ c: UInt8) -> Bool { isUnreserved(c) || isSubDelim(c) }
    private static func isPathChar(_ c: UInt8) -> Bool {
        isUnreserved(c) || isSubDelim(c) || c == UInt8(ascii: ":") || c == UInt8(ascii: "@")
    }
    private static func isFragmentChar(_ c: UInt8) -> Bool { isPathChar(c) || c == UInt8(ascii: "/") || c == UInt8(ascii: "?") }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Splits off `?query` and `#fragment`; `nil` when the fragment is malformed.
    private static func splitTail(_ bytes: ArraySlice<UInt8>) -> (body: ArraySlice<UInt8>, query: String?, fragment: String?)? {
        var body = bytes
        var fragment: String?
        if let hash = body.firstIndex(of: UInt8(ascii: "#")) {
            let frag = body[(hash + 1)...]
            guard matches(frag, allowing: isFragmentChar) else { return nil }
            fragment = string(frag)
            body = body[..<hash]
        }
        var query: String?
        if let mark = body.firstIndex(of: UInt8(ascii: "?")) {
            query = string(body[(mark + 1)...])  // a query is anything but '#'
            body = body[..<mark]
        }
        return (body, query, fragment)
    }

    private static func parseAbsolute(_ chars: Bytes) -> RubyURI? {
        guard let first = chars.first, isAlpha(first),
            let colon = chars.firstIndex(of: UInt8(ascii: ":")),
            chars[1..<colon].allSatisfy({ isAlpha($0) || isDigit($0) || "+-.".utf8.contains($0) })
        else { return nil }
        let scheme = string(chars[..<colon]).lowercased()
        guard let (body, query, fragment) = splitTail(chars[(colon + 1)...]) else { return nil }
        var uri: RubyURI
        if body.starts(with: "//".utf8) {
            guard let parsed = parseAuthorityAndPath(body.dropFirst(2)) else { return nil }
            uri = parsed
        } else if body.first == UInt8(ascii: "/") {
            guard pathSegmentsValid(body) else { return nil }
            uri = RubyURI(path: string(body))
        } else if body.isEmpty {
            uri = RubyURI(path: "")
        } else {
            // path-rootless: an opaque URI, which has no path.
            guard matches(body.prefix { $0 != UInt8(ascii: "/") }, allowing: isPathChar), pathSegmentsValid(body) else { return nil }
            uri = RubyURI(path: nil)
            uri.scheme = scheme
            uri.fragment = fragment
            return uri
        }
        uri.scheme = scheme
        uri.query = query
        uri.fragment = fragment
        if uri.port == nil, let port = registeredDefaultPort(scheme) { uri.port = JSONInteger(port) }
        return uri
    }

    private static func parseRelative(_ chars: Bytes) -> RubyURI? {
        guard let (body, query, fragment) = splitTail(chars[...]) else { return nil }
        var uri: RubyURI
        if body.starts(with: "//".utf8) {
            guard let parsed = parseAuthorityAndPath(body.dropFirst(2)) else { return nil }
            uri = parsed
        } else if body.first == UInt8(ascii: "/") || body.isEmpty {
            guard pathSegmentsValid(body) else { return nil }
            uri = RubyURI(path: string(body))
        } else {
            let firstSegment = body.prefix { $0 != UInt8(ascii: "/") }
            guard matches(firstSegment, allowing: { isPathChar($0) && $0 != UInt8(ascii: ":") }),
                pathSegmentsValid(body)
            else { return nil }
            uri = RubyURI(path: string(body))
        }
        uri.query = query
        uri.fragment = fragment
        return uri
    }

    /// Every `/`-separated segment is made of path characters.
    private static func pathSegmentsValid(_ path: ArraySlice<UInt8>) -> Bool {
        path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).allSatisfy {
            matches($0, allowing: isPathChar)
        }
    }

    private static func parseAuthorityAndPath(_ rest: ArraySlice<UInt8>) -> RubyURI? {
        let authorityEnd = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        guard pathSegmentsValid(path) else { return nil }
        var uri = RubyURI(path: string(path))
        var hostPort = authority
        let ats = authority.indices.filter { authority[$0] == UInt8(ascii: "@") }
        guard ats.count <= 1 else { return nil }
        if let at = ats.first {
            let userinfo = authority[..<at]
            guard matches(userinfo, allowing: isUserinfoChar) else { return nil }
            // `split(':', 2)` of the user info; an empty user info gives neither.
            if !userinfo.isEmpty {
                if let colon = userinfo.firstIndex(of: UInt8(ascii: ":")) {
                    uri.user = string(userinfo[..<colon])
                    uri.password = string(userinfo[(colon + 1)...])
                } else {
                    uri.user = string(userinfo)
                }
            }
            hostPort = authority[(at + 1)...]
        }
        var portText: ArraySlice<UInt8>?
        if hostPort.first == UInt8(ascii: "[") {
            guard let close = hostPort.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            let literal = hostPort[(hostPort.startIndex + 1)..<close]
            guard isIPv6(literal) || isIPvFuture(literal) else { return nil }
            uri.host = string(hostPort[...close])
            let after = hostPort[(close + 1)...]
            if !after.isEmpty {
                guard after.first == UInt8(ascii: ":") else { return nil }
                portText = after.dropFirst()
            }
        } else {
            let colon = hostPort.firstIndex(of: UInt8(ascii: ":"))
            let hostText = hostPort[..<(colon ?? hostPort.endIndex)]
            guard matches(hostText, allowing: isRegNameChar) else { return nil }
            uri.host = hostText.isEmpty ? nil : string(hostText)
            if let colon { portText = hostPort[(colon + 1)...] }
        }
        if let portText {
            guard portText.allSatisfy(isDigit) else { return nil }
            if !portText.isEmpty { uri.port = JSONInteger(decimal: string(portText)) }
        }
        return uri
    }

    private static func isIPvFuture(_ s: ArraySlice<UInt8>) -> Bool {
        guard s.first == UInt8(ascii: "v"), let dot = s.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let version = s[(s.startIndex + 1)..<dot]
        let rest = s[(dot + 1)...]
        return !version.isEmpty && version.allSatisfy(isHex)
            && !rest.isEmpty && rest.allSatisfy { isUnreserved($0) || isSubDelim($0) || $0 == UInt8(ascii: ":") }
    }

    private static func isIPv4(_ s: some Collection<UInt8>) -> Bool {
        let parts = s.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
                if part.count > 1 && part.first == UInt8(ascii: "0") { return false }
                return (Int(String(decoding: part, as: UTF8.self)) ?? 256) <= 255
            }
    }

    private static func isIPv6(_ s: ArraySlice<UInt8>) -> Bool {
        let text = Array(s)
        // Find "::" (at most once).
        var doubleColon: Int?
        var i = 0
        while i + 1 < text.count {
            if text[i] == UInt8(ascii: ":") && text[i + 1] == UInt8(ascii: ":") {
                if doubleColon != nil { return false }
                doubleColon = i
                i += 2
            } else {
                i += 1
            }
        }
        func groups(_ part: ArraySlice<UInt8>, ipv4Allowed: Bool) -> Int? {
            if part.isEmpty { return 0 }
            let pieces = part.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            var count = 0
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, ipv4Allowed, piece.contains(UInt8(ascii: ".")) {
                    guard isIPv4(piece) else { return nil }
                    count += 2
                } else {
                    guard (1...4).contains(piece.count), piece.allSatisfy(isHex) else { return nil }
                    count += 1
                }
            }
            return count
        }
        if let dc = doubleColon {
            guard let left = groups(text[..<dc], ipv4Allowed: false),
                let right = groups(text[(dc + 2)...], ipv4Allowed: true)
            else { return false }
            return left + right <= 7
        }
        return groups(text[...], ipv4Allowed: true) == 8
    }

    private init(path: String?) {
        self.path = path
    }
}
