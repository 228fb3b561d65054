import CRabbitMQ
import Foundation
import Glibc
import HutchConventions
import HutchTestSupport
import Testing

@testable import HutchAMQP

/// The frames the Swift encoder (`PublishFrames`, `WireCursor`) writes for a publish are
/// byte for byte those librabbitmq's `amqp_basic_publish` sends: both encoders run over
/// many seeded random property and header sets, and librabbitmq's bytes are read from the
/// other end of a socket pair it writes to.
@Suite struct PublishFramesTests {

    // MARK: Random values

    static func string(_ g: inout SeededGenerator, maxCount: Int = 12) -> String {
        let alphabet = Array("abcXYZ09-._é✓ ")
        return String((0..<Int.random(in: 0...maxCount, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
    }

    static func bytes(_ g: inout SeededGenerator, maxCount: Int = 16) -> [UInt8] {
        (0..<Int.random(in: 0...maxCount, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    static func value(_ g: inout SeededGenerator, depth: Int) -> FieldValue {
        switch Int.random(in: 0..<(depth < 3 ? 18 : 16), using: &g) {
        case 0: return .boolean(Bool.random(using: &g))
        case 1: return .int8(Int8.random(in: .min ... .max, using: &g))
        case 2: return .uint8(UInt8.random(in: 0...255, using: &g))
        case 3: return .int16(Int16.random(in: .min ... .max, using: &g))
        case 4: return .uint16(UInt16.random(in: 0 ... .max, using: &g))
        case 5: return .int32(Int32.random(in: .min ... .max, using: &g))
        case 6: return .uint32(UInt32.random(in: 0 ... .max, using: &g))
        case 7: return .int64(Int64.random(in: .min ... .max, using: &g))
        case 8: return .uint64(g.next())
        case 9: return .float32(Float(bitPattern: UInt32.random(in: 0 ... .max, using: &g)))
        case 10: return .float64(Double(bitPattern: g.next()))
        case 11: return .decimal(scale: UInt8.random(in: 0...255, using: &g), value: UInt32.random(in: 0 ... .max, using: &g))
        case 12: return .longString(bytes(&g))
        case 13: return .byteArray(bytes(&g))
        case 14: return .timestamp(g.next())
        case 15: return .void
        case 16: return .array((0..<Int.random(in: 0...4, using: &g)).map { _ in value(&g, depth: depth + 1) })
        default: return .table(table(&g, depth: depth + 1))
        }
    }

    static func table(_ g: inout SeededGenerator, depth: Int = 0) -> FieldTable {
        FieldTable(pairs: (0..<Int.random(in: 0...5, using: &g)).map { _ in (string(&g), value(&g, depth: depth)) })
    }

    static func properties(_ g: inout SeededGenerator) -> BasicProperties {
        func maybe<T>(_ make: (inout SeededGenerator) -> T) -> T? { Bool.random(using: &g) ? make(&g) : nil }
        return BasicProperties(
            contentType: maybe { string(&$0) }, contentEncoding: maybe { string(&$0) }, headers: maybe { table(&$0) },
            deliveryMode: maybe { UInt8.random(in: 0...255, using: &$0) }, priority: maybe { UInt8.random(in: 0...255, using: &$0) },
            correlationID: maybe { string(&$0) }, replyTo: maybe { string(&$0) }, expiration: maybe { string(&$0) },
            messageID: maybe { string(&$0, maxCount: 40) }, timestamp: maybe { $0.next() }, type: maybe { string(&$0) },
            userID: maybe { string(&$0) }, appID: maybe { string(&$0) }, clusterID: maybe { string(&$0) })
    }

    /// A random `basic.publish` with random properties, a body of up to `maxBody` bytes and
    /// a channel.
    static func publish(
        _ g: inout SeededGenerator, maxBody: Int = 300
    ) -> (method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16) {
        let method = BasicPublish(
            exchange: string(&g, maxCount: 30), routingKey: string(&g, maxCount: 60), mandatory: Bool.random(using: &g),
            immediate: Bool.random(using: &g))
        return (method, properties(&g), bytes(&g, maxCount: maxBody), UInt16.random(in: 1...2047, using: &g))
    }

    // MARK: librabbitmq's bytes

    /// The `frame_max` of a librabbitmq connection before it is tuned (65536; `amqp_tune_connection`
    /// is only allowed after login), by which it splits bodies here.
    static let librabbitmqFrameMax: UInt32 = {
        guard let state = amqp_new_connection() else { return 0 }
        defer { amqp_destroy_connection(state) }
        return UInt32(amqp_get_frame_max(state))
    }()

    /// What `amqp_basic_publish` writes for the message (with ``librabbitmqFrameMax``).
    static func librabbitmqFrames(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16
    ) throws -> [UInt8] {
        try librabbitmqBytes("amqp_basic_publish") { state in
            try withAMQPPool { pool throws(CodecError) -> Int32 in
                var cProperties = try properties.cProperties(in: pool)
                let exchange = try pool.bytes(method.exchange)
                let routingKey = try pool.bytes(method.routingKey)
                return body.withUnsafeBytes { raw in
                    amqp_basic_publish(
                        state, channel, exchange, routingKey, method.mandatory.amqpBoolean, method.immediate.amqpBoolean, &cProperties,
                        amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)))
                }
            }
        }
    }

    /// What librabbitmq writes in `send` (named `call` in a failure), read from the other end of a socket pair by a
    /// second thread until librabbitmq closes its end.
    static func librabbitmqBytes(_ call: String, _ send: (amqp_connection_state_t) throws -> Int32) throws -> [UInt8] {
        var pair: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        let readEnd = pair[1]
        let drain = SocketDrain(readEnd)
        let state = try #require(amqp_new_connection())
        let socket = try #require(amqp_tcp_socket_new(state))
        amqp_tcp_socket_set_sockfd(socket, pair[0])
        let status = try send(state)
        amqp_destroy_connection(state)
        let received = drain.bytes()
        try #require(status == 0, "\(call): \(LibRabbitMQStatus.text(status))")
        return received
    }

    static func swiftFrames(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, frameMax: UInt32
    ) throws -> [UInt8] {
        let layout = try PublishFrames.Layout(method, properties: properties, bodyCount: body.count, frameMax: frameMax)
        let frames = PublishFrames.encode(method, properties: properties, body: body, channel: channel, layout: layout)
        #expect(frames.count == layout.byteCount)
        return frames
    }

    /// Where two encodings part, for a readable failure.
    static func difference(_ encoded: [UInt8], _ expected: [UInt8]) -> String? {
        guard encoded != expected else { return nil }
        let at = (0..<min(encoded.count, expected.count)).first { encoded[$0] != expected[$0] } ?? min(encoded.count, expected.count)
        let window = { (bytes: [UInt8]) in Hex.string(Array(bytes[max(0, at - 8)..<min(bytes.count, at + 8)])) }
        return
            "\(encoded.count) bytes against librabbitmq's \(expected.count), first difference at \(at): \(window(encoded)) against \(window(expected))"
    }

    // MARK: Tests

    @Test("Random properties, headers and methods: the same frames as amqp_basic_publish")
    func randomPublishes() throws {
        var g = SeededGenerator(state: 12)
        for round in 0..<1_500 {
            let (method, properties, body, channel) = Self.publish(&g)
            let expected = try Self.librabbitmqFrames(method, properties: properties, body: body, channel: channel)
            let encoded = try Self.swiftFrames(
                method, properties: properties, body: body, channel: channel, frameMax: Self.librabbitmqFrameMax)
            let difference = Self.difference(encoded, expected)
            #expect(difference == nil, "round \(round): \(method) \(properties)")
            if difference != nil { break }
        }
    }

    @Test("Bodies split by frame_max − 8 as librabbitmq splits them: empty, one byte, exactly one frame, one over, several")
    func bodySplitting() throws {
        let fragment = Int(Self.librabbitmqFrameMax) - 8
        let method = BasicPublish(exchange: "hutch", routingKey: "orders.created", mandatory: true)
        let properties = BasicProperties(contentType: "application/json", deliveryMode: 2, messageID: "id-1")
        for count in [0, 1, fragment - 1, fragment, fragment + 1, 2 * fragment, 3 * fragment + 5] {
            let body = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let expected = try Self.librabbitmqFrames(method, properties: properties, body: body, channel: 7)
            let encoded = try Self.swiftFrames(method, properties: properties, body: body, channel: 7, frameMax: Self.librabbitmqFrameMax)
            #expect(Self.difference(encoded, expected) == nil, "body of \(count) bytes")
            let layout = try PublishFrames.Layout(method, properties: properties, bodyCount: count, frameMax: Self.librabbitmqFrameMax)
            #expect(layout.bodyFrames == (count + fragment - 1) / fragment)
        }
    }

    @Test("A smaller frame_max splits the body into frames of frame_max − 8 bytes, each ending in 0xCE")
    func smallFrameMax() throws {
        let frameMax: UInt32 = 4096
        let body = (0..<(3 * 4088 + 5)).map { UInt8(truncatingIfNeeded: $0) }
        let method = BasicPublish(exchange: "", routingKey: "q")
        let encoded = try Self.swiftFrames(method, properties: BasicProperties(), body: body, channel: 3, frameMax: frameMax)
        // Walk the frames: method, header, then the body frames.
        var offset = 0
        var frames: [(type: UInt8, payload: ArraySlice<UInt8>)] = []
        while offset < encoded.count {
            let size =
                Int(encoded[offset + 3]) << 24 | Int(encoded[offset + 4]) << 16 | Int(encoded[offset + 5]) << 8 | Int(encoded[offset + 6])
            #expect(encoded[offset + 1] == 0 && encoded[offset + 2] == 3)
            #expect(encoded[offset + 7 + size] == PublishFrames.frameEnd)
            frames.append((encoded[offset], encoded[(offset + 7)..<(offset + 7 + size)]))
            offset += 8 + size
        }
        #expect(frames.map(\.type) == [1, 2, 3, 3, 3, 3])
        #expect(frames.dropFirst(2).map(\.payload.count) == [4088, 4088, 4088, 5])
        #expect(Array(frames.dropFirst(2).map(\.payload).joined()) == body)
        #expect(try ContentHeaderCodec.decode(Array(frames[1].payload)).bodySize == UInt64(body.count))
        #expect(try MethodCodec.decode(Array(frames[0].payload)) == .basicPublish(method))
    }

    @Test("Random tables written by WireCursor equal amqp_encode_table's bytes")
    func randomTables() throws {
        var g = SeededGenerator(state: 99)
        for round in 0..<2_000 {
            let table = Self.table(&g)
            let size = try WireSize.table(table)
            let encoded = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                var cursor = WireCursor(base: UnsafeMutableRawPointer(buffer.baseAddress!), offset: 0, end: size)
                cursor.put(table: table)
                count = cursor.offset
            }
            let expected = try LibRabbitMQCodec.encodeTable(table, sizeHint: size)
            let difference = Self.difference(encoded, expected)
            #expect(difference == nil, "round \(round): \(table)")
            if difference != nil { break }
        }
    }

    @Test("A string the wire cannot carry is refused before anything is written, with WireSize's error")
    func tooLongIsRefused() throws {
        let method = BasicPublish(exchange: "", routingKey: String(repeating: "k", count: 256))
        let error = try #require(throws: CodecError.self) {
            _ = try PublishFrames.Layout(method, properties: BasicProperties(), bodyCount: 0, frameMax: 131_072)
        }
        #expect(error.code == .shortStringTooLong)
        #expect(error.field == "routing_key")
        let header = BasicProperties(headers: FieldTable(pairs: [(String(repeating: "h", count: 300), .void)]))
        let headerError = try #require(throws: CodecError.self) {
            _ = try PublishFrames.Layout(BasicPublish(exchange: "", routingKey: "q"), properties: header, bodyCount: 0, frameMax: 4096)
        }
        #expect(headerError.code == .shortStringTooLong)
    }
}
