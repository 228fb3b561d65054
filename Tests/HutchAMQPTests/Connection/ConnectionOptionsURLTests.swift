import HutchAMQP
import Testing

@Suite struct ConnectionOptionsURLTests {
    @Test("The test broker URL: host, port, guest, vhost '/'")
    func testBrokerURL() throws {
        let options = try ConnectionOptions(url: "amqp://guest:guest@127.0.0.1:5682/")
        #expect(options.host == "127.0.0.1")
        #expect(options.port == 5682)
        #expect(options.username == "guest")
        #expect(options.password == "guest")
        #expect(options.virtualHost == "/")
        #expect(options.tls == nil)
    }

    @Test("Defaults: no path is vhost '/', amqp port 5672")
    func defaults() throws {
        let options = try ConnectionOptions(url: "amqp://broker.internal")
        #expect(options.port == 5672)
        #expect(options.virtualHost == "/")
        #expect(options.host == "broker.internal")
    }

    @Test("Percent-decoding of user, password and vhost")
    func percentDecoding() throws {
        let options = try ConnectionOptions(url: "amqp://us%40er:p%3Ass%2Fw@host/%2Fprod")
        #expect(options.username == "us@er")
        #expect(options.password == "p:ss/w")
        #expect(options.virtualHost == "/prod")
        #expect(try ConnectionOptions(url: "amqp://h/staging").virtualHost == "staging")
    }

    @Test("amqps: TLS on, port 5671, query parameters for files and verification")
    func amqps() throws {
        let options = try ConnectionOptions(
            url: "amqps://h?cacertfile=/ca.pem&certfile=/c.pem&keyfile=/k.pem&verify=verify_none&heartbeat=10&connection_name=w%201")
        #expect(options.port == 5671)
        #expect(
            options.tls
                == TLSOptions(
                    caCertificateFile: "/ca.pem", clientCertificateFile: "/c.pem", clientKeyFile: "/k.pem",
                    verifyPeer: false, verifyHostname: false))
        #expect(options.heartbeat == 10)
        #expect(options.connectionName == "w 1")
    }

    @Test("IPv6 literal with port")
    func ipv6() throws {
        let options = try ConnectionOptions(url: "amqp://[::1]:5673")
        #expect(options.host == "::1")
        #expect(options.port == 5673)
    }

    @Test(
        "Malformed URLs are invalidURL errors",
        arguments: ["http://h/", "amqp//h", "amqp://h:99999/", "amqp://h/a/b", "amqp://h/%zz", "amqp://h?heartbeat=x", "amqp://[::1"])
    func invalid(url: String) {
        #expect(throws: AMQPError.self) { try ConnectionOptions(url: url) }
        do {
            _ = try ConnectionOptions(url: url)
        } catch {
            #expect(error.code == .invalidURL)
        }
    }
}
