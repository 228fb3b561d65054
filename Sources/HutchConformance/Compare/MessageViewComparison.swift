import HutchConventions
import HutchRubyModel

/// Compares Hutch::Message's view as recorded with the one Swift builds.
enum MessageViewComparison {
    static func differences(ruby: FieldReader?, swift: RubyMessage?) throws(CaseFileError) -> [Difference] {
        var differ = ModelDiffer()
        guard let ruby else {
            if let swift { differ.note("message", ruby: "null (Hutch could not build it)", swift: "built, body class \(swift.bodyClass)") }
            return differ.differences
        }
        guard let swift else {
            differ.note("message", ruby: "built", swift: "not built")
            return differ.differences
        }
        differ.compare("message.routing_key", ruby: try ruby.string("routing_key"), swift: swift.routingKey)
        differ.compare("message.exchange", ruby: try ruby.string("exchange"), swift: swift.exchange)
        differ.compare("message.message_id", ruby: try ruby.optionalString("message_id"), swift: swift.messageID)
        differ.compare("message.timestamp", ruby: try ruby.optionalInt("timestamp").flatMap(UInt64.init(exactly:)), swift: swift.timestamp)
        differ.compare("message.body_class", ruby: try ruby.string("body_class"), swift: swift.bodyClass)
        let unserializable = try ruby.bool("body_unserializable", default: false)
        let swiftBodyText: String?
        let swiftBodyInspect: String
        switch swift.body {
        case .json(let value):
            swiftBodyText = try? RubyJSON.generateString(value)
            swiftBodyInspect = value.rubyInspect
        case .raw(let bytes):
            // The identity serializer's binary String: JSON.generate writes it when its
            // bytes are valid UTF-8 and raises otherwise; inspect shows bytes, not characters.
            swiftBodyText = String(validating: bytes, as: UTF8.self).flatMap { try? RubyJSON.generateString(.string($0)) }
            swiftBodyInspect = JSONValue.rubyInspect(binaryBytes: bytes)
        }
        if unserializable {
            differ.compare("message.body_unserializable", ruby: true, swift: swiftBodyText == nil)
        }
        if let inspect = try ruby.optionalString("body_inspect") {
            differ.compare("message.body_inspect", ruby: inspect, swift: swiftBodyInspect)
        } else if let rubyBody = ruby.optionalValue("body") {
            differ.compare(
                "message.body", ruby: (try? RubyJSON.generateString(rubyBody)) ?? "unwritable", swift: swiftBodyText ?? "not JSON-writable")
        }
        return differ.differences
    }
}
