import Hutch
import HutchAMQP
import HutchConventions
import Testing

@Suite struct HutchClientSettingsTests {
    let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)

    @Test func defaultsAreHutchs() throws {
        let settings = try HutchClientSettings.load(profile: profile)
        #expect(settings.connection.host == "127.0.0.1")
        #expect(settings.connection.port == 5672)
        #expect(settings.connection.virtualHost == "/")
        #expect(settings.connection.username == "guest")
        #expect(settings.connection.heartbeat == 30)
        #expect(settings.connection.tls == nil)
        #expect(settings.topology.mqExchange == "hutch")
        #expect(settings.topology.channelPrefetch == 20)
        #expect(settings.concurrency == 20)
        #expect(settings.gracefulExitTimeout == .seconds(11))
        #expect(settings.declareSchedule)
        #expect(settings.group == nil)
        #expect(settings.retryCounting == .xDeath)
        #expect(!settings.deadQueue)
    }

    @Test func plainHutchUsesConsumerPoolSize() throws {
        let settings = try HutchClientSettings.load(
            env: ["HUTCH_CONSUMER_POOL_SIZE": "4", "HUTCH_CHANNEL_PREFETCH": "7"],
            profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        #expect(settings.concurrency == 4)
        #expect(settings.topology.channelPrefetch == 7)
        #expect(!settings.declareSchedule)
    }

    @Test func uriEnvironmentAndYAMLMapToConnectionOptions() throws {
        let yaml = """
            heartbeat: 15
            connection_name: billing-worker
            mq_exchange: billing
            namespace: Billing
            group: invoices
            consumer_groups:
              invoices: [InvoiceConsumer, RefundConsumer]
            graceful_exit_timeout: 3
            force_publisher_confirms: true
            mq_tls_ca_certificates: [/etc/ssl/ca.pem, /etc/ssl/other.pem]
            mq_tls_cert: /etc/ssl/client.pem
            mq_tls_key: /etc/ssl/client.key
            mq_verify_peer: false
            """
        let settings = try HutchClientSettings.load(
            env: ["HUTCH_MQ_CONNECTION_TIMEOUT": "5"], yaml: yaml, uri: "amqps://svc:s3cret@broker.local/prod", profile: profile)
        let connection = settings.connection
        #expect(connection.host == "broker.local")
        #expect(connection.port == 5671)
        #expect(connection.virtualHost == "prod")
        #expect(connection.username == "svc")
        #expect(connection.password == "s3cret")
        #expect(connection.heartbeat == 15)
        #expect(connection.connectionName == "billing-worker")
        #expect(
            connection.tls
                == TLSOptions(
                    caCertificateFile: "/etc/ssl/ca.pem", clientCertificateFile: "/etc/ssl/client.pem",
                    clientKeyFile: "/etc/ssl/client.key", verifyPeer: false, verifyHostname: false))
        #expect(settings.topology.mqExchange == "billing")
        #expect(settings.topology.namespace == "Billing")
        #expect(settings.group == "invoices")
        #expect(settings.consumerGroups == ["invoices": ["InvoiceConsumer", "RefundConsumer"]])
        #expect(settings.gracefulExitTimeout == .seconds(3))
        #expect(settings.publisherConfirms)
        #expect(settings.sanitizedURI == "amqps://svc@broker.local:5671/prod")
    }

    @Test func tlsFromTheEnvironmentKeepsPort5672AsHutchDoes() throws {
        let settings = try HutchClientSettings.load(env: ["HUTCH_MQ_TLS": "true"], profile: profile)
        #expect(settings.connection.tls != nil)
        #expect(settings.connection.port == 5672)
    }

    @Test func uriWithoutUserInfoIsBunnysGuest() throws {
        let settings = try HutchClientSettings.load(uri: "amqp://127.0.0.1:5682/", profile: profile)
        #expect(settings.connection.username == "guest")
        #expect(settings.connection.password == "guest")
        #expect(settings.connection.port == 5682)
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let settings = try HutchClientSettings.load(uri: "amqp://svc:pa55word-xyz@127.0.0.1/", profile: profile)
        #expect(!settings.description.contains("pa55word-xyz"))
        #expect(settings.description.contains("amqp://svc@127.0.0.1:5672/"))
        var direct = HutchClientSettings(connection: ConnectionOptions(host: "h", password: "hidden-pass"))
        direct.group = "g"
        #expect(!direct.description.contains("hidden-pass"))
    }

    @Test func aListAsHostIsRefusedWithTheSettingsName() {
        #expect(throws: HutchClientSettingsError.self) {
            try HutchClientSettings.load(yaml: "mq_host: [a, b]", profile: profile)
        }
    }
}
