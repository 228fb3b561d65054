import Foundation
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

/// `amqps` against the test broker's TLS listener (``LiveTLS``): the broker verifies a
/// client certificate when one is presented (`verify_peer`) and accepts clients without
/// one (`fail_if_no_peer_cert = false`).
/// The time limit guards against a hang: the suite takes about 2 s alone, and its tests
/// went past a minute in full runs on a loaded 2-core machine.
@Suite(LiveBroker.reachable, LiveTLS.reachable, .timeLimit(.minutes(3)))
struct TLSLiveTests {
    @Test("Verified peer and host name: connects, publishes with confirms and consumes over TLS")
    func verifiedRoundTrip() async throws {
        let queue = LiveBroker.uniqueName("tls-roundtrip")
        var options = try LiveTLS.options()
        options.connectionName = LiveBroker.uniqueName("tls-verified")
        let connection = try await AMQPConnection.connect(options)
        defer { Task { await connection.close() } }
        try await connection.openChannel(1)
        try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false, exclusive: true)), on: 1)
        try await connection.confirmSelect(on: 1)
        for index in 0..<20 {
            try await connection.publishConfirmed(
                BasicPublish(exchange: "", routingKey: queue), body: Array("tls \(index)".utf8), on: 1, timeout: .seconds(10))
        }
        var iterator = try await connection.consume(BasicConsume(queue: queue, consumerTag: "tls"), on: 1).makeAsyncIterator()
        var bodies: [String] = []
        for _ in 0..<20 {
            let delivery = try #require(try await iterator.next())
            bodies.append(String(decoding: delivery.body, as: UTF8.self))
            try await connection.ack(delivery)
        }
        #expect(bodies == (0..<20).map { "tls \($0)" })
        let listed = try await TestBroker.connection(named: try #require(options.connectionName))
        print(
            "TLS round trip: 20 confirmed publishes consumed over amqps://localhost:\(options.port); broker sees ssl \(listed["ssl"] ?? .null)"
        )
        #expect(listed["ssl"] == .bool(true))
    }

    @Test("A CA that did not sign the broker's certificate: tlsFailed, not retried as transient")
    func wrongCertificateAuthority() async throws {
        let options = try LiveTLS.options(tls: TLSOptions(caCertificateFile: LiveTLS.file("other-ca.pem")))
        let error = try #require(await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(options) })
        print("wrong CA as reported: \(error)")
        #expect(error.code == .tlsFailed)
        #expect(error.operation == .connect)
    }

    @Test(
        "Connecting to 127.0.0.1 with a certificate for localhost: host-name verification refuses it; off, it connects",
        arguments: [true, false])
    func hostNameMismatch(verifyHostname: Bool) async throws {
        let options = try LiveTLS.options(
            host: "127.0.0.1", tls: TLSOptions(caCertificateFile: LiveTLS.file("ca.pem"), verifyPeer: true, verifyHostname: verifyHostname))
        if verifyHostname {
            let error = try #require(await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(options) })
            print("host-name mismatch as reported: \(error)")
            #expect(error.code == .tlsFailed)
        } else {
            let connection = try await AMQPConnection.connect(options)
            #expect(connection.serverProperties.product == "RabbitMQ")
            await connection.close()
        }
    }

    @Test("A client certificate from the broker's CA: connects, and the broker sees its subject")
    func clientCertificate() async throws {
        var options = try LiveTLS.options(
            tls: TLSOptions(
                caCertificateFile: LiveTLS.file("ca.pem"), clientCertificateFile: LiveTLS.file("client.pem"),
                clientKeyFile: LiveTLS.file("client.key")))
        options.connectionName = LiveBroker.uniqueName("tls-client-cert")
        let connection = try await AMQPConnection.connect(options)
        try await connection.openChannel(1)
        let listed = try await TestBroker.connection(named: try #require(options.connectionName))
        await connection.close()
        let subject = listed["peer_cert_subject"]?.stringValue ?? ""
        print("client certificate: the broker sees peer_cert_subject \(subject)")
        #expect(subject == "CN=guest")
    }

    @Test("A client certificate from another CA: the broker (verify_peer) rejects the handshake")
    func untrustedClientCertificate() async throws {
        let options = try LiveTLS.options(
            tls: TLSOptions(
                caCertificateFile: LiveTLS.file("ca.pem"), clientCertificateFile: LiveTLS.file("other-client.pem"),
                clientKeyFile: LiveTLS.file("other-client.key")))
        let error = try #require(await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(options) })
        print("untrusted client certificate as reported: \(error)")
        #expect(error.code == .tlsFailed)
    }

    @Test("An amqps URL with cacertfile, certfile and keyfile connects with mutual TLS")
    func urlWithCertificateFiles() async throws {
        let base = try LiveBroker.options()
        let url =
            "amqps://\(base.username):\(base.password)@localhost:\(try #require(LiveTLS.port))/"
            + "?cacertfile=\(LiveTLS.file("ca.pem"))&certfile=\(LiveTLS.file("client.pem"))&keyfile=\(LiveTLS.file("client.key"))"
        let options = try ConnectionOptions(url: url)
        #expect(
            options.tls
                == TLSOptions(
                    caCertificateFile: LiveTLS.file("ca.pem"), clientCertificateFile: LiveTLS.file("client.pem"),
                    clientKeyFile: LiveTLS.file("client.key")))
        let connection = try await AMQPConnection.connect(options)
        try await connection.openChannel(1)
        await connection.close()
    }
}
