import HutchConventions
import Testing

/// Rules checked against the real gems run locally (see HutchConfigRubyCheckedTests
/// for the full differential table); each test names the Ruby behaviour.
@Suite struct HutchConfigTests {
    let plain131 = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)

    func load(
        env: [String: String] = [:], yaml: String? = nil, uri: String? = nil,
        profile: VersionProfile? = nil
    ) throws -> HutchConfigLoad {
        try HutchConfig.load(env: env, yaml: yaml, uri: uri, profile: profile ?? plain131)
    }

    func rubyError(env: [String: String] = [:], yaml: String? = nil, uri: String? = nil) -> HutchConfigError? {
        do {
            _ = try HutchConfig.load(env: env, yaml: yaml, uri: uri, profile: plain131)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("no", false), ("0", false), ("false", false), ("", false), ("N", false), ("F", false), ("FALSE", false),
        ("false\n", false), ("yes\nno", false), ("true", true), ("off", true), (" false", true), ("yes", true)
    ])
    func booleanEnvironment(text: String, expected: Bool) throws {
        let result = try load(env: ["HUTCH_MQ_TLS": text])
        #expect(result.config["mq_tls"] == .bool(expected))
        #expect(result.connection.sanitizedURI.hasPrefix(expected ? "amqps://" : "amqp://"))
    }

    @Test(arguments: [
        (" 42 ", "42"), ("\t\n 5", "5"), ("4_2", "42"), ("5__5", "5"), ("_5", "0"), ("abc", "0"), ("", "0"),
        ("0x10", "0"), ("-5", "-5"), ("+7", "7"), ("12.9", "12"), ("1e3", "1"), ("- 5", "0"),
        ("99999999999999999999999", "99999999999999999999999")
    ])
    func numberEnvironment(text: String, expected: String) throws {
        let result = try load(env: ["HUTCH_MQ_PORT": text])
        #expect(result.connection.port.jsonValue == .integer(try #require(JSONInteger(decimal: expected))))
    }

    @Test func exactFalseTextIsBooleanForEverySetting() throws {
        let result = try load(env: ["HUTCH_MQ_PORT": "false", "HUTCH_MQ_HOST": "false", "HUTCH_MQ_USERNAME": "false"])
        #expect(result.connection.port == .bool(false))
        #expect(result.connection.host == .bool(false))
        #expect(result.connection.sanitizedURI == "amqp://false@false:false/")
        // Only the exact text: "FALSE" is an ordinary number text.
        #expect(try load(env: ["HUTCH_MQ_PORT": "FALSE"]).connection.port == .int(0))
    }

    @Test func tlsFromEnvironmentKeepsPort5672() throws {
        let result = try load(env: ["HUTCH_MQ_TLS": "true"])
        #expect(result.connection.port == .int(5672))
        #expect(result.connection.sanitizedURI == "amqps://guest@127.0.0.1:5672/")
    }

    @Test func amqpsWithExplicitPort() throws {
        let result = try load(uri: "amqps://u:p@h:5673/v")
        #expect(result.connection.port == .int(5673))
        #expect(result.connection.tls == .bool(true))
        #expect(result.connection.sanitizedURI == "amqps://u@h:5673/v")
    }

    @Test func uriSchemeOverridesEnvironmentTLSAndPort() throws {
        let result = try load(env: ["HUTCH_MQ_TLS": "true", "HUTCH_MQ_PORT": "1"], uri: "amqp://h")
        #expect(result.connection.tls == .bool(false))
        #expect(result.connection.port == .int(5672))
        #expect(result.config["mq_vhost"] == .string(""))
        #expect(result.connection.vhost == .string("/"))
    }

    @Test func ipv6HostKeepsBrackets() throws {
        let result = try load(uri: "amqp://[::1]:5673/v")
        #expect(result.connection.host == .string("[::1]"))
        #expect(result.connection.sanitizedURI == "amqp://@[::1]:5673/v")
        #expect(rubyError(uri: "amqp://[::1/v")?.rubyClassName == "URI::InvalidURIError")
    }

    @Test func vhostAndCredentialsAreNotPercentDecoded() throws {
        let result = try load(uri: "amqp://u%40:p%3A@h/%2F")
        #expect(result.connection.vhost == .string("%2F"))
        #expect(result.connection.username == .string("u%40"))
        #expect(result.connection.password == .string("p%3A"))
        #expect(result.connection.sanitizedURI == "amqp://u%40@h:5672/%2F")
    }

    @Test func missingPasswordAndUserInfo() throws {
        let userOnly = try load(uri: "amqp://u@h")
        #expect(userOnly.connection.username == .string("u"))
        #expect(userOnly.connection.password == .nil)
        let emptyPassword = try load(uri: "amqp://u:@h")
        #expect(emptyPassword.connection.password == .string(""))
        let none = try load(uri: "amqp://@h")
        #expect(none.connection.username == .nil)
        #expect(none.connection.sanitizedURI == "amqp://@h:5672/")
    }

    @Test func uriEdgeCases() throws {
        #expect(try load(uri: "http://h/v").connection.port == .int(80))
        #expect(try load(uri: "AMQPS://H/v").connection.host == .string("H"))
        #expect(try load(uri: "AMQPS://H/v").connection.port == .int(5671))
        #expect(try load(uri: "amqp://h:/v").connection.port == .int(5672))
        #expect(try load(uri: "amqp://h//").connection.vhost == .string("/"))
        #expect(try load(uri: "broker.example").connection.vhost == .string("broker.example"))
        #expect(try load(uri: "broker.example").connection.host == .nil)
        #expect(try load(uri: "amqp://false/false").connection.host == .bool(false))
        #expect(try load(env: ["HUTCH_URI": "  "]).connection.host == .string("127.0.0.1"))
        #expect(rubyError(uri: "amqp://h:abc/v")?.code == .invalidURI)
        #expect(rubyError(uri: "amqp://h/vé")?.rubyClassName == "URI::InvalidURIError")
        #expect(rubyError(uri: "amqp:v")?.code == .uriWithoutPath)
        #expect(rubyError(uri: "amqp://u:p@ss@h/v")?.code == .invalidURI)
    }

    @Test func unknownYAMLKeyIsNoMethodError() {
        let error = rubyError(yaml: "mq_host: h\nbogus: 2\n")
        #expect(error?.code == .unknownSetting)
        #expect(error?.rubyClassName == "NoMethodError")
        #expect(error?.found == "bogus")
        #expect(rubyError(yaml: "5: x\n")?.code == .unknownSetting)
        #expect(rubyError(yaml: "[]: 1\n")?.rubyClassName == "ArgumentError")
    }

    @Test func invalidYAML() {
        let error = rubyError(yaml: "mq_host: [unclosed\n")
        #expect(error?.rubyClassName == "Psych::SyntaxError")
        #expect(error?.code == .yamlSyntax)
        #expect(rubyError(yaml: "mq_host: &a x\nmq_vhost: *a\n")?.rubyClassName == "Psych::BadAlias")
        #expect(rubyError(yaml: "mq_host: 2020-01-01\n")?.rubyClassName == "Psych::DisallowedClass")
        #expect(rubyError(yaml: "")?.code == .yamlNotAMapping)
        #expect(rubyError(yaml: "just a string\n")?.code == .yamlNotAMapping)
        #expect(rubyError(yaml: "mq_host: <%= 1 + 1 %>\n")?.code == .erbUnsupported)
        #expect(rubyError(yaml: "mq_port: true\n")?.rubyClassName == "NoMethodError")
        #expect(rubyError(yaml: "mq_port: .inf\n")?.rubyClassName == "FloatDomainError")
        #expect(rubyError(yaml: "mq_vhost: 5\n")?.rubyClassName == "NoMethodError")
    }

    @Test func yamlValueConversions() throws {
        #expect(try load(yaml: "mq_tls: 0\n").config["mq_tls"] == .bool(true))
        #expect(try load(yaml: "mq_tls: \"0\"\n").config["mq_tls"] == .bool(false))
        #expect(try load(yaml: "mq_port: 5.9\n").config["mq_port"] == .int(5))
        #expect(try load(yaml: "mq_port: 1,000\n").config["mq_port"] == .int(1000))
        #expect(try load(yaml: "mq_port: 1:30\n").config["mq_port"] == .int(5400))
        #expect(try load(yaml: "mq_port: 017\n").config["mq_port"] == .int(15))
        #expect(try load(yaml: "mq_port: ~\n").config["mq_port"] == .int(0))
        #expect(try load(yaml: "mq_host: 123\n").config["mq_host"] == .int(123))
        #expect(try load(yaml: "mq_username: yes\n").connection.sanitizedURI == "amqp://true@127.0.0.1:5672/")
        #expect(try load(yaml: "mq_password: 1.2e3\n").config["mq_password"] == .string("1.2e3"))
        #expect(try load(yaml: "mq_host: :sym\n").config.recordedConfigObject["mq_host"] == nil)
        #expect(try load(yaml: "mq_host: [a, 1]\n").connection.sanitizedURI == "amqp://guest@[\"a\", 1]:5672/")
        #expect(try load(yaml: "<<: {mq_host: merged}\n").connection.host == .string("merged"))
        #expect(try load(yaml: "mq_host: h\n---\nmq_port: 1\n").connection.port == .int(5672))
        #expect(try load(yaml: "- mq_host\n").connection.host == .nil)
    }

    @Test func precedenceEnvThenYAMLThenURI() throws {
        #expect(try load(env: ["HUTCH_MQ_HOST": "envhost"], yaml: "mq_host: yamlhost\n").connection.host == .string("yamlhost"))
        let all = try load(env: ["HUTCH_MQ_HOST": "envhost"], yaml: "mq_host: yamlhost\n", uri: "amqp://urihost/v")
        #expect(all.connection.host == .string("urihost"))
        #expect(try load(yaml: "uri: amqp://y/z\n", uri: "amqp://w/q").connection.host == .string("w"))
    }

    @Test func hutchScheduleForcesPrefetchAndAddsSettings() throws {
        let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)
        let result = try load(env: ["HUTCH_CHANNEL_PREFETCH": "5", "HUTCH_WORKER_POOL_SIZE": "3"], profile: profile)
        #expect(result.config["channel_prefetch"] == .int(20))
        #expect(result.config["worker_pool_size"] == .int(20))
        #expect(
            result.config.recordedConfigObject.keys.suffix(7) == [
                "worker_pool_size", "poller_interval", "poller_batch_size", "redis_url",
                "ratelimit_bucket_interval", "ratelimit_redis_reconnect_attempts", "worker_buffer_flush_interval"
            ])
        let fromYAML = try load(yaml: "worker_pool_size: '7'\nchannel_prefetch: 4\n", profile: profile)
        #expect(fromYAML.config["worker_pool_size"] == .int(7))
        #expect(fromYAML.config["channel_prefetch"] == .int(4))
    }

    @Test func settingsPerVersion() {
        let v110 = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: false).hutchSettings
        let v120 = VersionProfile(hutch: GemVersion(1, 2, 0), hutchScheduleLoaded: false).hutchSettings
        let v130 = VersionProfile(hutch: GemVersion(1, 3, 0), hutchScheduleLoaded: false).hutchSettings
        #expect(v110["mq_auth_mechanism"] == nil)
        #expect(v120["mq_auth_mechanism"]?.defaultValue == .string("PLAIN"))
        #expect(v120["connection_name"] == nil)
        #expect(v130["connection_name"]?.kind == .string)
        #expect(v130["mq_client_properties"]?.kind == .other)
        #expect(v110["mq_port"]?.environmentKey == "HUTCH_MQ_PORT")
        #expect(v120["mq_client_properties"] == nil)
        // 1.1.0 has no mq_auth_mechanism setter: NoMethodError.
        #expect(throws: HutchConfigError.self) {
            try HutchConfig.load(
                yaml: "mq_auth_mechanism: EXTERNAL\n", profile: VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: false))
        }
    }
}
