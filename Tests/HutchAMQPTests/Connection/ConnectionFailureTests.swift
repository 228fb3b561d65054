import HutchAMQP
import Testing

/// Failures that need no broker.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionFailureTests {
    @Test("Connection refused on a closed loopback port")
    func connectionRefused() async throws {
        let options = ConnectionOptions(host: "127.0.0.1", port: 1, connectTimeout: .seconds(2))
        let error = await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(options) }
        #expect(error?.code == .connectionRefused)
        #expect(error?.operation == .connect)
    }

    @Test("TLS options are applied: a missing CA file fails in amqp_ssl_socket_set_cacert, a lone certificate is refused")
    func tlsOptionsApplied() async throws {
        var missingCA = ConnectionOptions(host: "127.0.0.1", port: 1)
        missingCA.tls = TLSOptions(caCertificateFile: "/nonexistent/hutch-ca.pem")
        let caError = await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(missingCA) }
        #expect(caError?.code == .tlsFailed)
        #expect(caError?.detail?.contains("/nonexistent/hutch-ca.pem") == true)

        var halfKey = ConnectionOptions(host: "127.0.0.1", port: 1)
        halfKey.tls = TLSOptions(clientCertificateFile: "/c.pem")
        let keyError = await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(halfKey) }
        #expect(keyError?.code == .invalidArgument)
    }

    @Test("An unresolvable host is unreachable")
    func unresolvable() async throws {
        let options = ConnectionOptions(host: "no-such-host.invalid", port: 5672, connectTimeout: .seconds(2))
        let error = await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(options) }
        #expect(error?.code == .hostUnreachable)
    }
}
