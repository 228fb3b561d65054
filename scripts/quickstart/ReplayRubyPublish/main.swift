// Publishes the message of a recorded Ruby `publish` case as Ruby's client wrote it, for
// scripts/quickstart-check.sh (the executable target ReplayRubyPublish of this package).
//
//   ReplayRubyPublish CASE.json AMQP-URL
//
// The recording holds the frames bunny wrote: basic.publish, the content header and the
// body. They are decoded with librabbitmq's decoder, the content header is encoded again
// and must equal Ruby's bytes (so what goes out is Ruby's properties and headers, byte for
// byte), and the message is published mandatory with a confirm: a message no queue
// receives is an error here, not silence.
import Foundation
import HutchAMQP
import HutchConventions

struct ReplayError: Error, CustomStringConvertible {
    var description: String
}

func hexBytes(_ text: String) throws -> [UInt8] {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { throw ReplayError(description: "payload_hex has an odd number of digits") }
    return try stride(from: 0, to: digits.count, by: 2).map { index in
        guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
            throw ReplayError(description: "payload_hex holds a non-hex digit near offset \(index)")
        }
        return byte
    }
}

/// Publishes the recorded Ruby message of the case at `casePath` to the broker at `url`.
func replay(casePath: String, url: String) async throws {
    let recording = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: casePath))) as? [String: Any]
    guard recording?["kind"] as? String == "publish",
        let expected = recording?["expected"] as? [String: Any],
        let frames = expected["frames"] as? [[String: Any]]
    else { throw ReplayError(description: "\(casePath): expected a `publish` case with expected.frames") }

    var method: BasicPublish?
    var header: [UInt8]?
    var body: [UInt8] = []
    for frame in frames {
        guard let type = frame["type"] as? Int, let hex = frame["payload_hex"] as? String else {
            throw ReplayError(description: "\(casePath): a frame without type or payload_hex")
        }
        let payload = try hexBytes(hex)
        switch type {
        case 1:
            guard case .basicPublish(let publish) = try MethodCodec.decode(payload) else {
                throw ReplayError(description: "\(casePath): the method frame is not basic.publish")
            }
            method = publish
        case 2: header = payload
        case 3: body += payload
        default: throw ReplayError(description: "\(casePath): a frame of type \(type), expected 1, 2 or 3")
        }
    }
    guard let method, let header else { throw ReplayError(description: "\(casePath): no basic.publish or no content header frame") }
    let decoded = try ContentHeaderCodec.decode(header)
    guard decoded.bodySize == UInt64(body.count) else {
        throw ReplayError(description: "\(casePath): the content header says \(decoded.bodySize) body bytes, the body frames hold \(body.count)")
    }
    guard try ContentHeaderCodec.encode(properties: decoded.properties, bodySize: decoded.bodySize) == header else {
        throw ReplayError(description: "\(casePath): the content header does not encode back to Ruby's bytes")
    }

    let connection = try await AMQPConnection.connect(url: url)
    let channel = try await connection.openChannel()
    try await connection.confirmSelect(on: channel)
    try await connection.publishConfirmed(
        method, properties: decoded.properties, body: body, on: channel, timeout: .seconds(10), failWhenUnroutable: true)
    await connection.close()
    print("replayed Ruby's \(recording?["id"] as? String ?? casePath): exchange \(method.exchange), routing key \(method.routingKey), "
        + "message_id \(decoded.properties.messageID ?? "none"), \(body.count) body bytes, confirmed and routed")
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: ReplayRubyPublish CASE.json AMQP-URL\n".utf8))
    exit(64)
}
do {
    try await replay(casePath: arguments[1], url: arguments[2])
} catch {
    FileHandle.standardError.write(Data("ReplayRubyPublish: \(error)\n".utf8))
    exit(1)
}
