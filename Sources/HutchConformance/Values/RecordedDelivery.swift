import HutchAMQP
import HutchConventions

/// A delivery as a `consume` case records it: the JSON view and the server-to-client
/// frames the client read.
struct RecordedDelivery {
    var delivery: Delivery
    var frames: [RecordedFrame]

    static func read(_ reader: FieldReader) throws(CaseFileError) -> RecordedDelivery {
        let values = TypedValueReader(file: reader.file)
        let tag = try reader.int("delivery_tag")
        guard let deliveryTag = UInt64(exactly: tag) else { throw reader.error("delivery_tag", expected: "a non-negative integer") }
        let deliver = BasicDeliver(
            consumerTag: try reader.string("consumer_tag"), deliveryTag: deliveryTag, redelivered: try reader.bool("redelivered"),
            exchange: try reader.string("exchange"), routingKey: try reader.string("routing_key"))
        let properties = try values.properties(try reader.value("properties"), path: reader.fieldPath("properties"))
        let body = try RecordedMessage.base64(reader, "body_base64")
        let frames = try values.frames(try reader.value("frames"), path: reader.fieldPath("frames"))
        return RecordedDelivery(delivery: Delivery(deliver: deliver, properties: properties, body: body), frames: frames)
    }

    /// Differences between the JSON view and what the recorded frames decode to.
    func selfConsistency(path: String) -> [Difference] {
        var differ = ModelDiffer()
        if let method = frames.first(where: { $0.kind == .method }) {
            do {
                differ.compare(
                    path + ".frames[method]", ruby: AMQPMethod.basicDeliver(delivery.deliver), swift: try MethodCodec.decode(method.payload)
                )
            } catch {
                differ.note(path + ".frames[method]", ruby: "basic.deliver", swift: "undecodable: \(error)")
            }
        }
        if let header = frames.first(where: { $0.kind == .header }) {
            do {
                let decoded = try ContentHeaderCodec.decode(header.payload)
                differ.compare(path + ".frames[header]", ruby: delivery.properties, swift: decoded.properties)
            } catch {
                differ.note(path + ".frames[header]", ruby: "a content header", swift: "undecodable: \(error)")
            }
        }
        let joined = frames.filter { $0.kind == .body }.flatMap(\.payload)
        if !frames.isEmpty && joined != delivery.body {
            differ.compareBytes(path + ".frames[body]", ruby: delivery.body, swift: joined)
        }
        return differ.differences.map { Difference(path: $0.path, ruby: "view " + $0.ruby, swift: "frames " + $0.swift) }
    }
}
