import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

struct TLSConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("tls-q")
    static let routingKeys = [LiveBroker.uniqueName("tls-rk")]
    let done: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws { await done.append(message.body.n) }
}

/// Hutch's own TLS configuration against the test broker's TLS listener (``LiveTLS``).
/// The time limit guards against a hang: the suite takes about 2 s alone, and its tests
/// went past a minute in full runs on a loaded 2-core machine.
@Suite(LiveBroker.reachable, LiveTLS.reachable, .timeLimit(.minutes(3)))
struct TLSConnectionLiveTests {
    static let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)

    /// `HUTCH_URI=amqps://…` and the certificate files as Hutch reads them: from YAML
    /// (Hutch reads only string, number and boolean settings from `HUTCH_*` variables).
    static func settings(connectionName: String) throws -> HutchClientSettings {
        let base = try LiveBroker.options()
        let port = try #require(LiveTLS.port)
        var settings = try HutchClientSettings.load(
            env: ["HUTCH_URI": "amqps://\(base.username):\(base.password)@localhost:\(port)/"],
            yaml: """
                mq_tls_ca_certificates:
                  - \(LiveTLS.file("ca.pem"))
                mq_tls_cert: \(LiveTLS.file("client.pem"))
                mq_tls_key: \(LiveTLS.file("client.key"))
                connection_name: \(connectionName)
                """,
            profile: profile)
        settings.topology.mqExchange = LiveBroker.uniqueName("tls-x")
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(1), maxAttempts: 20)
        settings.gracefulExitTimeout = .seconds(5)
        settings.publisherConfirms = true
        return settings
    }

    @Test func hutchSettingsFromAnAmqpsURIAndTLSFilesConnectTheWorkerAndPublisherOverMutualTLS() async throws {
        let name = LiveBroker.uniqueName("tls-hutch")
        let settings = try Self.settings(connectionName: name)
        #expect(
            settings.connection.tls
                == TLSOptions(
                    caCertificateFile: LiveTLS.file("ca.pem"), clientCertificateFile: LiveTLS.file("client.pem"),
                    clientKeyFile: LiveTLS.file("client.key"), verifyPeer: true, verifyHostname: true))
        #expect(settings.connection.host == "localhost" && settings.connection.port == LiveTLS.port)
        #expect(settings.sanitizedURI.hasPrefix("amqps://"))
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [TLSConsumer.queueName ?? ""]) } }

        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("tls"))
        let done = Collector<Int>()
        let worker = Worker(connection: hutch, consumers: [TLSConsumer(done: done)])
        let running = start(worker)
        try await worker.waitForSubscription()
        for n in 0..<50 { try await worker.publisher.publish(TLSConsumer.routingKeys[0], ["n": n]) }
        let handled = await done.wait(for: 50, timeout: .seconds(20))
        let listed = try await TestBroker.connection(named: name)
        worker.shutdown()
        try await running.value
        await hutch.close()

        let columns = [listed["ssl"] ?? .null, listed["peer_cert_subject"] ?? .null]
        print("Hutch over TLS (\(settings)): \(Set(handled).count) of 50 confirmed messages handled; broker sees ssl \(columns)")
        #expect(Set(handled) == Set(0..<50))
        #expect(columns == [.bool(true), .string("CN=guest")])
    }

    @Test func certificateFilesInHUTCHVariablesAreIgnoredAsByRubySoTheBrokerCannotBeVerified() async throws {
        let base = try LiveBroker.options()
        let port = try #require(LiveTLS.port)
        var settings = try HutchClientSettings.load(
            env: [
                "HUTCH_URI": "amqps://\(base.username):\(base.password)@localhost:\(port)/",
                "HUTCH_MQ_TLS_CA_CERTIFICATES": LiveTLS.file("ca.pem"),
                "HUTCH_MQ_TLS_CERT": LiveTLS.file("client.pem"),
                "HUTCH_MQ_TLS_KEY": LiveTLS.file("client.key")
            ],
            profile: Self.profile)
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(1), maxAttempts: 20)
        #expect(settings.connection.tls == TLSOptions())
        let (logger, log) = WorkerShutdownLiveTests.recordingLogger("tls-env")
        let hutch = HutchConnection(settings: settings, logger: logger)
        await #expect {
            _ = try await hutch.connection()
        } throws: { error in
            (error as? AMQPError)?.code == .tlsFailed
        }
        await hutch.close()
        // Not retried: a transient failure would log "cannot connect to …, retrying" before each
        // of the 20 attempts; a TLS failure is logged once, as final.
        let connectLines = log.entries.map(\.message.description).filter { $0.hasPrefix("cannot connect to") }
        print("HUTCH_MQ_TLS_* only: no CA loaded, tlsFailed; connect log: \(connectLines)")
        #expect(connectLines.count == 1)
        #expect(connectLines.allSatisfy { !$0.contains("retrying") })
    }
}
