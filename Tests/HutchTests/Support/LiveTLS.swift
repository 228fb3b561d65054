import Foundation
import HutchAMQP
import Testing

/// The test broker's TLS listener: `HUTCH_TEST_TLS_PORT` on 127.0.0.1 and the throwaway
/// certificates in `HUTCH_TEST_TLS_DIR` (scripts/broker.sh makes them at start;
/// scripts/test.sh exports both). The server certificate names `localhost` only.
enum LiveTLS {
    static let directory = ProcessInfo.processInfo.environment["HUTCH_TEST_TLS_DIR"]
    static let port = ProcessInfo.processInfo.environment["HUTCH_TEST_TLS_PORT"].flatMap(Int.init)

    /// The condition of a TLS live test: the runner reports it skipped, with this reason,
    /// when the certificates or the listener are missing.
    static let reachable: ConditionTrait = .enabled(
        "needs the test broker's TLS listener: HUTCH_TEST_TLS_DIR and HUTCH_TEST_TLS_PORT (scripts/test.sh exports them when its broker has one)"
    ) {
        await available()
    }

    /// A file of the certificate directory: `ca.pem`, `client.pem`, `client.key`, …
    static func file(_ name: String) -> String {
        URL(fileURLWithPath: directory ?? "/nonexistent").appendingPathComponent(name).path
    }

    /// Whether the certificates are there and a verified TLS connection to `localhost`
    /// succeeds; prints why not, so a skip is never silent.
    static func available(_ test: String = "TLS live tests") async -> Bool {
        guard let directory, !directory.isEmpty, let port else {
            print(
                "SKIPPED \(test): HUTCH_TEST_TLS_DIR / HUTCH_TEST_TLS_PORT are not set (scripts/test.sh sets them when its broker has a TLS listener)"
            )
            return false
        }
        for name in ["ca.pem", "client.pem", "client.key"] where !FileManager.default.isReadableFile(atPath: file(name)) {
            print("SKIPPED \(test): \(file(name)) is missing or unreadable")
            return false
        }
        do {
            var options = try LiveBroker.options()
            options.host = "localhost"
            options.port = port
            options.tls = TLSOptions(caCertificateFile: file("ca.pem"))
            let connection = try await AMQPConnection.connect(options)
            await connection.close()
            return true
        } catch {
            print("SKIPPED \(test): no verified TLS connection to localhost:\(port): \(error)")
            return false
        }
    }
}
