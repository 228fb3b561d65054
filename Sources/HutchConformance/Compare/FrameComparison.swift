import HutchAMQP
import HutchConventions

/// Compares the bytes Swift encodes (with librabbitmq's encoder, the path that puts
/// bytes on the wire) with the payloads Ruby's client wrote.
enum FrameComparison {
    /// Each method Swift would send against Ruby's method frames, in order.
    static func methods(_ swift: [AMQPMethod], rubyFrames: [RecordedFrame], path: String = "frames") -> [Difference] {
        let ruby = rubyFrames.filter { $0.kind == .method }
        var differ = ModelDiffer()
        for index in 0..<max(ruby.count, swift.count) {
            let framePath = "\(path)[\(index)]"
            guard index < swift.count else {
                differ.note(framePath, ruby: hexString(ruby[index].payload), swift: "absent")
                continue
            }
            let encoded: [UInt8]
            do {
                encoded = try MethodCodec.encode(swift[index])
            } catch {
                differ.note(
                    framePath + " (\(swift[index].name))", ruby: index < ruby.count ? hexString(ruby[index].payload) : "absent",
                    swift: "not encodable: \(error)")
                continue
            }
            guard index < ruby.count else {
                differ.note(framePath, ruby: "absent", swift: hexString(encoded))
                continue
            }
            if encoded != ruby[index].payload {
                differ.note(framePath + " (\(swift[index].name))", ruby: hexString(ruby[index].payload), swift: hexString(encoded))
            }
        }
        return differ.differences
    }

    /// A published message — method, content header, body — against Ruby's frames.
    /// Body frames are compared joined, since their split depends on the negotiated
    /// frame size, not on the conventions.
    static func message(_ message: OutgoingFrames, rubyFrames: [RecordedFrame], path: String = "frames") -> [Difference] {
        var differences = methods([message.method], rubyFrames: rubyFrames, path: path)
        var differ = ModelDiffer()
        let rubyHeader = rubyFrames.first { $0.kind == .header }?.payload
        do {
            let header = try ContentHeaderCodec.encode(properties: message.properties, bodySize: UInt64(message.body.count))
            if header != rubyHeader {
                differ.note(path + " (content header)", ruby: rubyHeader.map(hexString) ?? "absent", swift: hexString(header))
            }
        } catch {
            differ.note(path + " (content header)", ruby: rubyHeader.map(hexString) ?? "absent", swift: "not encodable: \(error)")
        }
        let rubyBody = rubyFrames.filter { $0.kind == .body }.flatMap(\.payload)
        differ.compareBytes(path + " (body)", ruby: rubyBody, swift: message.body)
        differences.append(contentsOf: differ.differences)
        return differences
    }
}

/// What one published message puts on the wire, before framing.
struct OutgoingFrames {
    var method: AMQPMethod
    var properties: BasicProperties
    var body: [UInt8]
}
