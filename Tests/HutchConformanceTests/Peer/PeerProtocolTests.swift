import HutchConformance
import HutchConventions
import Testing

/// The `hutch-peer/1` codec: events parsed from the peer's stdout lines, commands and
/// the spec written as it reads them.
@Suite struct PeerProtocolTests {
    @Test func parsesTheReadyEvent() throws {
        let event = try PeerEvent.parse(
            #"{"event":"ready","protocol":"hutch-peer/1","pid":42,"recorded_with":{"ruby":"3.1.2","hutch":"1.3.1"},"hutch_schedule_loaded":true,"exchange":"hutch","queues":["peer_json_consumer"]}"#
        )
        #expect(event.kind == .ready)
        #expect(event.hutchVersion == "1.3.1")
        #expect(event.string("exchange") == "hutch")
        #expect(event.fields["pid"] == .int(42))
        #expect(event.fields.keys.first == "event")
    }

    @Test func parsesConsumedWithTypedPropertiesAndIDs() throws {
        let event = try PeerEvent.parse(
            #"{"event":"consumed","consumer":"PeerJsonConsumer","properties":{"message_id":"m-1","headers":{"a":{"type":"long_long","value":1}}},"message":{"body":{"big":18446744073709551616},"body_class":"ActiveSupport::HashWithIndifferentAccess"}}"#
        )
        #expect(event.kind == .consumed)
        #expect(event.messageID == "m-1")
        #expect(event.string("consumer") == "PeerJsonConsumer")
        // Integers of any size survive, as Ruby wrote them.
        let body = try #require(event.object("message")?["body"])
        #expect(try RubyJSON.generateString(body) == #"{"big":18446744073709551616}"#)
    }

    @Test func idsMayBeNumbersAndReasonsAreRead() throws {
        #expect(try PeerEvent.parse(#"{"event":"pong","id":7,"consumed":0,"published":0}"#).id == "7")
        #expect(try PeerEvent.parse(#"{"event":"published","id":"publish/floats"}"#).id == "publish/floats")
        let skipped = try PeerEvent.parse(#"{"event":"skipped","reason":"hutch gem not installed: cannot load such file -- hutch"}"#)
        #expect(skipped.kind == .skipped)
        #expect(skipped.reason == "hutch gem not installed: cannot load such file -- hutch")
        let stopped = try PeerEvent.parse(#"{"event":"stopped","reason":"stop command","consumed":3,"published":2}"#)
        #expect(stopped.kind == .stopped && stopped.reason == "stop command")
    }

    @Test func unknownEventsAreKeptWithoutAKind() throws {
        let event = try PeerEvent.parse(#"{"event":"hello"}"#)
        #expect(event.name == "hello" && event.kind == nil)
    }

    @Test func rejectsLinesThatAreNotEvents() {
        #expect(throws: PeerProtocolError.self) { try PeerEvent.parse("W, [2026] WARN -- : not json") }
        #expect(throws: PeerProtocolError.self) { try PeerEvent.parse("[1,2]") }
        #expect(throws: PeerProtocolError.self) { try PeerEvent.parse(#"{"no_event":1}"#) }
        #expect(throws: PeerProtocolError.self) { try PeerEvent.parse(#"{"event":"ready""#) }
    }

    @Test func writesCommandsAsJSONLines() throws {
        #expect(try PeerCommand.stop.line() == "{\"command\":\"stop\"}\n")
        #expect(try PeerCommand.publishSpec.line() == "{\"command\":\"publish_spec\"}\n")
        #expect(try PeerCommand.ping(id: "p1").line() == "{\"command\":\"ping\",\"id\":\"p1\"}\n")
        let publish = PeerCommand.publish([
            "id": "publish/floats", "method": "publish", "routing_key": "orders.created",
            "message": try RubyJSON.parse(#"{"f":1.0e+20,"big":18446744073709551616}"#),
            "properties": .object(["headers": .object(["trace": "abc"])])
        ])
        #expect(
            try publish.line()
                == #"{"command":"publish","id":"publish/floats","method":"publish","routing_key":"orders.created","message":{"f":1.0e+20,"big":18446744073709551616},"properties":{"headers":{"trace":"abc"}}}"#
                + "\n")
        // A "command" among the fields does not override the command.
        #expect(PeerCommand.publish(["command": "stop", "id": "x"]).object == ["command": "publish", "id": "x"])
    }

    @Test func writesTheSpecThePeerReads() throws {
        let text = String(decoding: try PeerSpec.crossLanguage.bytes(), as: UTF8.self)
        #expect(
            text
                == ##"{"config":{},"json_adapter":"json_gem","consumers":[{"class_name":"PeerJsonConsumer","routing_keys":["#"],"serializer":"json"},{"class_name":"PeerIdentityConsumer","routing_keys":["#"],"serializer":"identity"}]}"##
        )
        let scheduled = PeerSpec(hutchSchedule: false, consumers: [])
        #expect(scheduled.object["hutch_schedule"] == .bool(false))
    }
}
