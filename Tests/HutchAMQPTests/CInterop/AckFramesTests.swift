import CRabbitMQ
import Glibc
import HutchConventions
import HutchTestSupport
import Testing

@testable import HutchAMQP

/// The `basic.ack` frames `SocketFrameWriter` buffers (the acks of one I/O-loop turn, one
/// `send(2)`) are byte for byte what librabbitmq's `amqp_basic_ack` sends for the same acks.
@Suite struct AckFramesTests {
    @Test("Random tags, multiple flags and channels: the same bytes as amqp_basic_ack, one after another")
    func sameBytesAsLibrabbitmq() throws {
        var generator = SeededGenerator(state: 0xAC4)
        let acks = (0..<200).map { n -> (BasicAck, UInt16) in
            let tag: UInt64 = n < 3 ? [0, 1, .max][n] : generator.next()
            let channel: UInt16 = n < 3 ? [0, 1, .max][n] : UInt16.random(in: 0 ... .max, using: &generator)
            return (BasicAck(deliveryTag: tag, multiple: Bool.random(using: &generator)), channel)
        }
        let expected = try PublishFramesTests.librabbitmqBytes("amqp_basic_ack") { state in
            for (ack, channel) in acks {
                let status = amqp_basic_ack(state, channel, ack.deliveryTag, ack.multiple.amqpBoolean)
                if status != 0 { return status }
            }
            return 0
        }

        let (writeEnd, readEnd) = try SocketFrameWriterTests.socketPair()
        defer { close(readEnd) }
        let writer = SocketFrameWriter(frameMax: 131_072, writeTimeout: .seconds(5))
        for (ack, channel) in acks { writer.append(ack, channel: channel) }
        #expect(writer.byteCount == acks.count * SocketFrameWriter.ackFrameSize)
        let failure = writer.flush(to: writeEnd)
        #expect(failure == nil, "\(failure.map { "\($0.error)" } ?? "")")
        close(writeEnd)
        var written: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            written += chunk[0..<count]
        }
        #expect(expected.count == acks.count * SocketFrameWriter.ackFrameSize)
        #expect(PublishFramesTests.difference(written, expected) == nil, "\(PublishFramesTests.difference(written, expected) ?? "")")
    }
}
