import Testing

@testable import HutchConventions

/// Rules of `Hutch::Publisher#publish` + bunny + amq-protocol beyond the corpus; expected
/// values were checked with Ruby 3.1, bunny and amq-protocol 2.3.2.
@Suite struct HutchPublisherTests {
    let environment = PublishEnvironment.fixed(timestamp: 1_700_000_000, messageID: "00000000-0000-4000-8000-000000000000")
    let publisher = HutchPublisher()

    func publish(
        _ message: JSONValue = ["a": 1], _ properties: JSONValue = [:], serializer: Serializer? = nil,
        routingKey: String = "k"
    ) throws(PublishError) -> OutgoingMessage {
        try publisher.publish(
            routingKey: routingKey, message: .value(message), properties: PublishProperties(properties.objectValue ?? JSONObject()),
            serializer: serializer, environment: environment)
    }

    func rubyError(_ body: () throws(PublishError) -> OutgoingMessage) -> String? {
        do {
            _ = try body()
            return "no error"
        } catch {
            return error.rubyClassName
        }
    }

    @Test func defaults() throws {
        let message = try publish()
        #expect(
            message.properties
                == BasicProperties(
                    contentType: "application/json", deliveryMode: 2, priority: 0,
                    messageID: "00000000-0000-4000-8000-000000000000", timestamp: 1_700_000_000))
        #expect(message.body == Array(#"{"a":1}"#.utf8))
        #expect(message.exchange == "hutch" && !message.mandatory && !message.immediate)
    }

    @Test func persistentFalsyGivesTransient() throws {
        #expect(try publish(["a": 1], ["persistent": false]).properties.deliveryMode == 1)
        #expect(try publish(["a": 1], ["persistent": nil]).properties.deliveryMode == 1)
        #expect(try publish(["a": 1], ["persistent": 0]).properties.deliveryMode == 2)
        #expect(try publish(["a": 1], ["delivery_mode": 1]).properties.deliveryMode == 1)
    }

    @Test func octetsWrapLikePack() throws {
        #expect(try publish(["a": 1], ["priority": 300]).properties.priority == 44)
        #expect(try publish(["a": 1], ["priority": -1]).properties.priority == 255)
        #expect(try publish(["a": 1], ["priority": 5.7]).properties.priority == 5)
        #expect(try publish(["a": 1], ["priority": false]).properties.priority == 0)
        #expect(rubyError { () throws(PublishError) in try publish(["a": 1], ["priority": "5"]) } == "TypeError")
        #expect(rubyError { () throws(PublishError) in try publish(["a": 1], ["priority": .float(.nan)]) } == "FloatDomainError")
    }

    @Test func shortStringsUseToS() throws {
        let message = try publish(["a": 1], ["expiration": 5000, "correlation_id": false, "type": 1.5, "app_id": ""])
        #expect(message.properties.expiration == "5000")
        #expect(message.properties.correlationID == "false")
        #expect(message.properties.type == "1.5")
        #expect(message.properties.appID == "")
        #expect(
            rubyError { () throws(PublishError) in
                try publish(["a": 1], ["app_id": .string(String(repeating: "x", count: 256))])
            } == "RangeError")
    }

    @Test func messageIDRule() throws {
        #expect(try publish(["a": 1], ["message_id": ""]).properties.messageID == "")
        #expect(try publish(["a": 1], ["message_id": false]).properties.messageID == "00000000-0000-4000-8000-000000000000")
        let global = HutchPublisher(configuration: PublisherConfiguration(globalProperties: ["message_id": nil]))
        let message = try global.publish(routingKey: "k", message: .value(1), environment: environment)
        #expect(message.properties.messageID == nil)
    }

    @Test func globalPropertiesReplaceHeadersWhole() throws {
        let global = HutchPublisher(
            configuration: PublisherConfiguration(
                globalProperties: ["headers": ["g": 1], "timestamp": 5]))
        let message = try global.publish(
            routingKey: "k", message: .value(1), properties: ["headers": ["p": 1]], environment: environment)
        #expect(message.properties.headers == FieldTable(pairs: [("g", .int64(1))]))
        #expect(message.properties.timestamp == 1_700_000_000)
    }

    @Test func nonOverridableAndIgnoredKeys() throws {
        let message = try publish(
            ["a": 1], ["content_type": "text/plain", "routing_key": "x", "mandatory": true, "foo": 1, "immediate": true])
        #expect(message.properties.contentType == "application/json")
        #expect(message.routingKey == "k")
        #expect(message.mandatory)
        #expect(!message.immediate)
    }

    @Test func identitySerializer() throws {
        let message = try publish("raw ✓", serializer: .identity)
        #expect(message.properties.contentType == "application/octet-stream")
        #expect(message.body == Array("raw ✓".utf8))
        #expect(rubyError { () throws(PublishError) in try publish(["a": 1], serializer: .identity) } == "NoMethodError")
        let bytes = try publisher.publish(routingKey: "k", message: .bytes([0xFF, 0]), serializer: .identity, environment: environment)
        #expect(bytes.body == [0xFF, 0])
    }

    @Test func bodyErrors() {
        #expect(rubyError { () throws(PublishError) in try publish(["x": .float(.nan)]) } == "JSON::GeneratorError")
        #expect(rubyError { () throws(PublishError) in try publish(.binaryString([0xFF])) } == "JSON::GeneratorError")
    }

    @Test func bodyBytes() throws {
        #expect(
            try publish(["é": "東京 😀", "z": 1, "a": [1.0, -0.0, 1e20]]).body
                == Array(#"{"é":"東京 😀","z":1,"a":[1.0,-0.0,1.0e+20]}"#.utf8))
        let big = JSONValue.integer(try #require(JSONInteger(decimal: "123456789012345678901234567890")))
        #expect(try publish(["n": big]).body == Array(#"{"n":123456789012345678901234567890}"#.utf8))
    }

    @Test func headerIntegersWrapAndKeysAreChecked() throws {
        let big = JSONValue.integer(try #require(JSONInteger(decimal: "18446744073709551616")))
        let below = JSONValue.integer(try #require(JSONInteger(decimal: "-9223372036854775809")))
        let huge = JSONValue.integer(try #require(JSONInteger(decimal: "1267650600228229401496703205381")))
        let message = try publish(["a": 1], ["headers": ["big": big, "n": below, "h": huge]])
        #expect(
            message.properties.headers
                == FieldTable(pairs: [
                    ("big", .int64(0)), ("n", .int64(.max)), ("h", .int64(5))
                ]))
        let longKey = String(repeating: "é", count: 128)
        #expect(
            rubyError { () throws(PublishError) in try publish(["a": 1], ["headers": .object(JSONObject([(longKey, 1)]))]) } == "RangeError"
        )
        #expect(rubyError { () throws(PublishError) in try publish(["a": 1], ["headers": "x"]) } == "NoMethodError")
        #expect(try publish(["a": 1], ["headers": false]).properties.headers == FieldTable())
    }

    @Test func routingKeyLimits() throws {
        #expect(rubyError { () throws(PublishError) in try publish(routingKey: String(repeating: "a", count: 256)) } == "ArgumentError")
        #expect(rubyError { () throws(PublishError) in try publish(routingKey: String(repeating: "é", count: 128)) } == "RangeError")
        #expect(try publish(routingKey: String(repeating: "a", count: 255)).routingKey.count == 255)
    }

    @Test func propertyErrorsFollowHashOrder() {
        #expect(
            rubyError { () throws(PublishError) in
                try publish(["a": 1], ["priority": "x", "headers": .object(JSONObject([(String(repeating: "k", count: 300), 1)]))])
            } == "TypeError")
        #expect(
            rubyError { () throws(PublishError) in
                try publish(["a": 1], ["headers": .object(JSONObject([(String(repeating: "k", count: 300), 1)])), "priority": "x"])
            } == "RangeError")
    }

    @Test func randomUUIDShape() {
        let id = SecureRandomUUID.make()
        let parts = id.split(separator: "-").map(String.init)
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4")
        #expect("89ab".contains(parts[3].first ?? "x"))
        #expect(id == id.lowercased())
        #expect(SecureRandomUUID.matches(id))
        #expect(!SecureRandomUUID.matches(id.uppercased()))
        #expect(!SecureRandomUUID.matches("3fc7e078-c24c-18d4-ae59-37481e1cfad2"), "version 1 is not version 4")
    }
}
