import HutchAMQP
import Testing

/// A password never shows: not in descriptions, not in `dump`, not in URL errors —
/// including the URLs whose password holds `/`, `?` or `#`, which end the authority early.
@Suite struct ConnectionOptionsRedactionTests {
    static let password = "Zq9secretXy"

    @Test func descriptionDebugDescriptionAndDumpHideThePassword() throws {
        let options = try ConnectionOptions(url: "amqp://app:\(Self.password)@127.0.0.1:5999/orders")
        var dumped = ""
        dump(options, to: &dumped)
        for text in ["\(options)", String(reflecting: options), dumped, "\([options])"] {
            #expect(!text.contains("secret"), "\(text)")
        }
        #expect("\(options)" == "amqp://app@127.0.0.1:5999/orders")
        #expect(dumped.contains("password: \"***\""))
    }

    @Test(arguments: ["/", "?", "#"]) func aReservedCharacterInThePasswordIsNotEchoed(character: String) {
        let url = "amqp://app:Zq9se\(character)cretXy@127.0.0.1:5999/"
        do {
            _ = try ConnectionOptions(url: url)
            Issue.record("\(url) parsed")
        } catch {
            #expect(!"\(error)".contains("Zq9se") && !"\(error)".contains("cretXy"), "\(error)")
            #expect("\(error)".contains("percent-encode"), "\(error)")
        }
    }

    @Test func aNonNumericPortIsNotEchoed() {
        #expect(throws: (any Error).self) { try ConnectionOptions(url: "amqp://app:Zq9secretXy") }
        do {
            _ = try ConnectionOptions(url: "amqp://app:Zq9secretXy")
        } catch {
            #expect(!"\(error)".contains("secret"), "\(error)")
        }
    }

    @Test func aVhostWithAnAtSignStillParses() throws {
        let options = try ConnectionOptions(url: "amqp://127.0.0.1/team@orders")
        #expect(options.virtualHost == "team@orders")
    }
}
