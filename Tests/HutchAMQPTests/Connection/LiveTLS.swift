import Foundation
import HutchAMQP
import Testing

/// The test broker's TLS listener: `HUTCH_TEST_TLS_PORT` on 127.0.0.1 and the throwaway
/// certificates in `HUTCH_TEST_TLS_DIR` (scripts/broker.sh makes them at start;
/// scripts/test.sh exports both). The server certificate names `localhost` only.
enum LiveTLS {
    static let environment = ProcessInfo.processInfo.environment
    static let directory = environment["HUTCH_TEST_TLS_DIR"]
    static let port = environment["HUTCH_TEST_TLS_PORT"].flatMap(Int.init)

    /// The condition of every TLS live test; the runner reports them skipped, with this
    /// reason, when the listener does not answer.
    static let reachable: ConditionTrait = .enabled(
        "needs the test broker's TLS listener: HUTCH_TEST_TLS_DIR and HUTCH_TEST_TLS_PORT (scripts/test.sh exports them when its broker has one)"
    ) {
        await available()
    }

    /// A file of the certificate directory: `ca.pem`, `client.pem`, `other-ca.pem`, …
    static func file(_ name: String) -> String {
        URL(fileURLWithPath: directory ?? "/nonexistent").appendingPathComponent(name).path
    }

    /// Options for the TLS listener: the test broker's credentials, host `localhost`
    /// (the name in the server certificate), the CA, peer and host name verified.
    static func options(host: String = "localhost", tls: TLSOptions = TLSOptions(caCertificateFile: file("ca.pem"))) throws
        -> ConnectionOptions
    {
        var options = try LiveBroker.options()
        options.host = host
        options.port = try #require(port)
        options.tls = tls
        options.connectTimeout = .seconds(5)
        return options
    }

    /// Whether a verified TLS connection succeeds; prints why not, so a skip is never silent.
    static func available(_ test: String = "TLS live tests") async -> Bool {
        guard let directory, !directory.isEmpty, port != nil else {
            print(
                "SKIPPED \(test): HUTCH_TEST_TLS_DIR / HUTCH_TEST_TLS_PORT are not set (scripts/test.sh sets them when its broker has a TLS listener)"
            )
            return false
        }
        guard FileManager.default.isReadableFile(atPath: file("ca.pem")) else {
            print("SKIPPED \(test): no readable ca.pem in \(directory)")
            return false
        }
        do {
            let connection = try await AMQPConnection.connect(try options())
            await connection.close()
            return true
        } catch {
            print("SKIPPED \(test): no verified TLS connection to localhost:\(port ?? 0): \(error)")
            return false
        }
    }
}
