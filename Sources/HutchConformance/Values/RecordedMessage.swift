import HutchAMQP
import HutchConventions

/// A message as a recording holds it twice: as the JSON view (`exchange`,
/// `routing_key`, `properties`, `body_base64`) and as the frames Ruby's client wrote.
struct RecordedMessage {
    var publish: BasicPublish
    var properties: BasicProperties
    var body: [UInt8]
    var frames: [RecordedFrame]

    /// Reads the JSON view of a message object (`expected`, or an item of `republished`).
    static func read(_ reader: FieldReader) throws(CaseFileError) -> RecordedMessage {
        let values = TypedValueReader(file: reader.file)
        let publish = BasicPublish(
            exchange: try reader.string("exchange"), routingKey: try reader.string("routing_key"),
            mandatory: try reader.bool("mandatory", default: false), immediate: try reader.bool("immediate", default: false))
        let properties = try values.properties(try reader.value("properties"), path: reader.fieldPath("properties"))
        let body = try base64(reader, "body_base64")
        let frames = try values.frames(try reader.value("frames"), path: reader.fieldPath("frames"))
        return RecordedMessage(publish: publish, properties: properties, body: body, frames: frames)
    }

    static func base64(_ reader: FieldReader, _ key: String) throws(CaseFileError) -> [UInt8] {
        let text = try reader.string(key)
        guard let bytes = Base64.decode(text) else { throw reader.error(key, expected: "base64 text") }
        return bytes
    }

    /// Differences between the JSON view and what Ruby's frames decode to: a
    /// recording that disagrees with itself is reported, not trusted.
    func selfConsistency(path: String) -> [Difference] {
        var differ = ModelDiffer()
        let methodFrames = frames.filter { $0.kind == .method }
        if let first = methodFrames.first {
            do {
                differ.compare(
                    path + ".frames[method]", ruby: AMQPMethod.basicPublish(publish), swift: try MethodCodec.decode(first.payload))
            } catch {
                differ.note(path + ".frames[method]", ruby: "basic.publish", swift: "undecodable: \(error)")
            }
        }
        if let header = frames.first(where: { $0.kind == .header }) {
            do {
                let decoded = try ContentHeaderCodec.decode(header.payload)
                differ.compare(path + ".frames[header]", ruby: properties, swift: decoded.properties)
                differ.compare(path + ".frames[header].body_size", ruby: UInt64(body.count), swift: decoded.bodySize)
            } catch {
                differ.note(path + ".frames[header]", ruby: "a content header", swift: "undecodable: \(error)")
            }
        }
        let joined = frames.filter { $0.kind == .body }.flatMap(\.payload)
        if !frames.isEmpty && joined != body {
            differ.compareBytes(path + ".frames[body]", ruby: body, swift: joined)
        }
        return differ.differences.map { Difference(path: $0.path, ruby: "view " + $0.ruby, swift: "frames " + $0.swift) }
    }
}
