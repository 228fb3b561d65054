import HutchConventions
import HutchTestSupport
import Synchronization
import Testing

@testable import HutchAMQP

/// A publish queued on a plain TCP connection carries only its frames, encoded by the
/// caller; when it is not written, the message handed back to its caller is read from them
/// (`PublishFrames.message(from:)`, `QueuedPublish.fail`).
@Suite struct PublishFramesMessageTests {
    @Test("Random publishes read back from their frames: the same method, body and properties (encoded again, the same bytes)")
    func randomRoundTrips() throws {
        var g = SeededGenerator(state: 41)
        for round in 0..<1_500 {
            // Some bodies span several frames of the smallest frame_max.
            let (method, properties, body, channel) = PublishFramesTests.publish(&g, maxBody: round.isMultiple(of: 10) ? 9_000 : 300)
            let frameMax: UInt32 = round.isMultiple(of: 2) ? 4096 : 131_072
            let frames = try PublishFrames.encode(method, properties: properties, body: body, channel: channel, frameMax: frameMax)
            let message = try PublishFrames.message(from: frames)
            #expect(message.method == method, "round \(round)")
            #expect(message.body == body, "round \(round)")
            let again = try PublishFrames.encode(
                message.method, properties: message.properties, body: message.body, channel: channel, frameMax: frameMax)
            #expect(again == frames, "round \(round): \(properties)")
            if again != frames { break }
        }
    }

    static let method = BasicPublish(exchange: "hutch", routingKey: "orders.created")
    static let properties = BasicProperties(contentType: "application/json", deliveryMode: 2, messageID: "id-7")

    static func frames(body: [UInt8] = Array("{\"id\":7}".utf8)) throws -> [UInt8] {
        try PublishFrames.encode(method, properties: properties, body: body, channel: 1, frameMax: 4096)
    }

    @Test("Frames cut short, with bytes after the body, or not closed by 0xCE are refused, saying where")
    func damagedFrames() throws {
        let frames = try Self.frames()
        for cut in [0, 5, 20, frames.count - 1] {
            let error = try #require(throws: CodecError.self) { _ = try PublishFrames.message(from: Array(frames.prefix(cut))) }
            #expect(error.code == .truncatedPayload, "cut at \(cut): \(error)")
        }
        let trailing = try #require(throws: CodecError.self) { _ = try PublishFrames.message(from: frames + [1, 2, 3]) }
        #expect(trailing.code == .trailingBytes)
        #expect(trailing.found.contains("3 more bytes"), "\(trailing)")
        var unclosed = frames
        unclosed[unclosed.count - 1] = 0
        let end = try #require(throws: CodecError.self) { _ = try PublishFrames.message(from: unclosed) }
        #expect(end.code == .truncatedPayload)
        #expect(end.expected.contains("0xCE"), "\(end)")
    }

    @Test("The first frame must hold basic.publish: a basic.ack there is refused, naming what was expected")
    func anotherMethod() throws {
        let frames = try Self.frames()
        let ack = try MethodCodec.encode(.basicAck(BasicAck(deliveryTag: 9, multiple: false)))
        let size = UInt32(ack.count)
        let ackFrame: [UInt8] =
            [1, 0, 1, UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)] + ack
            + [PublishFrames.frameEnd]
        // The publish's own method frame is 8 bytes of framing around its payload.
        let methodFrameCount = 8 + Int(frames[3]) << 24 + Int(frames[4]) << 16 + Int(frames[5]) << 8 + Int(frames[6])
        let error = try #require(throws: CodecError.self) {
            _ = try PublishFrames.message(from: ackFrame + frames.dropFirst(methodFrameCount))
        }
        #expect(error.code == .unsupportedMethod)
        #expect(error.expected.contains("basic.publish"), "\(error)")
    }

    @Test("A queued publish that is not written hands its caller the message read back from its frames")
    func failedPublishHandsBackTheMessage() throws {
        let handed = Mutex<[(OutgoingMessage, AMQPError)]>([])
        let publish = QueuedPublish(.frames(try Self.frames()), channel: 1, blockedTimeout: .seconds(1)) { message, error in
            handed.withLock { $0.append((message, error)) }
        }
        let error = AMQPError(code: .connectionClosed, operation: .publish, scope: .connection)
        publish.fail(error)
        let (message, reported) = try #require(handed.withLock { $0.first })
        #expect(
            message
                == OutgoingMessage(
                    exchange: "hutch", routingKey: "orders.created", properties: Self.properties, body: Array("{\"id\":7}".utf8)))
        #expect(reported == error)
    }

    @Test("Frames that do not read back still reach the caller, as the body of a message to no exchange")
    func unreadableFramesStillReachTheCaller() throws {
        let handed = Mutex<[OutgoingMessage]>([])
        let garbage: [UInt8] = [9, 9, 9]
        let publish = QueuedPublish(.frames(garbage), channel: 1, blockedTimeout: .seconds(1)) { message, _ in
            handed.withLock { $0.append(message) }
        }
        publish.fail(AMQPError(code: .connectionClosed, operation: .publish, scope: .connection))
        #expect(handed.withLock { $0 } == [OutgoingMessage(exchange: "", routingKey: "", properties: BasicProperties(), body: garbage)])
    }
}
