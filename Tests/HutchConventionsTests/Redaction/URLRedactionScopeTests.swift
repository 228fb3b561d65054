import HutchConventions
import Testing

/// ``URLRedaction`` hides exactly each URL's password: whatever the password holds, it
/// never survives, the text after the URL's authority does, and redacting twice is
/// redacting once.
@Suite struct URLRedactionScopeTests {
    static let password = "S3cretPw9"

    @Test(arguments: [
        // A redacted error redacted again by the printer: the example URL before it keeps the "found" part.
        (
            "expected an RFC 3986 URI such as amqp://user:password@host:5672/vhost, found amqp://guest:S3cretPw9@127.0.0.1:56 82/",
            "expected an RFC 3986 URI such as amqp://user:***@host:5672/vhost, found amqp://guest:***@127.0.0.1:56 82/"
        ),
        // An '@' and a '/' in the password: the user info runs to the last '@' of the word.
        ("amqp://guest:p@S3cretPw9:w/rd%41@127.0.0.1:5682/", "amqp://guest:***@127.0.0.1:5682/"),
        // No '//', a space in the password.
        ("amqp:u:pa S3cretPw9@h", "amqp:***@h"),
        ("error: amqp:u:S3cret Pw9 S3cretPw9@h/x", "error: amqp:***@h/x"),
        // An address in the prose after a URL is not part of its user info.
        ("cannot reach amqp://u:S3cretPw9@h/vh: refused, mail ops@example", "cannot reach amqp://u:***@h/vh: refused, mail ops@example"),
        ("cannot reach amqp://broker:5672/ (mail ops@example)", "cannot reach amqp://broker:5672/ (mail ops@example)"),
        ("amqp://u:S3cretPw9@h/ and amqp://v:S3cretPw9@k/", "amqp://u:***@h/ and amqp://v:***@k/"),
        ("amqp://[::1]:5672/ and amqp://v:S3cret Pw9@k/", "amqp://[::1]:5672/ and amqp://v:***@k/")
    ])
    func hidesOnlyThePassword(text: String, redacted: String) {
        let once = URLRedaction.redacting(text)
        #expect(once == redacted)
        #expect(!once.contains(Self.password) && !once.contains("Pw9"))
        #expect(URLRedaction.redacting(once) == once)
    }

    @Test func aRubyURIErrorShownByAPrinterThatRedactsAgainKeepsWhatWasFound() throws {
        let url = "amqp://guest:\(Self.password)@127.0.0.1:56 82/"
        let error = #expect(throws: HutchConfigError.self) { try RubyURI.parse(url) }
        let shown = URLRedaction.redacting(error?.description ?? "")
        #expect(shown.hasSuffix("found amqp://guest:***@127.0.0.1:56 82/"), "\(shown)")
        #expect(!shown.contains(Self.password))
    }
}
