import HutchConventions
import HutchRubyModel

/// Compares the `message` a `consumed` event reports (Hutch::Message as Ruby's
/// consumer saw it) with the ``RubyMessage`` Swift's conventions build from the same
/// delivery: routing key, exchange, message id, timestamp, body class and body.
enum PeerMessageView {
    static func differences(ruby: JSONObject, swift: RubyMessage, path: String) -> [Difference] {
        var differ = ModelDiffer()
        differ.compare(path + ".routing_key", ruby: ruby["routing_key"]?.stringValue, swift: swift.routingKey)
        differ.compare(path + ".exchange", ruby: ruby["exchange"]?.stringValue, swift: swift.exchange)
        differ.compare(path + ".message_id", ruby: ruby["message_id"]?.stringValue, swift: swift.messageID)
        differ.compare(path + ".timestamp", ruby: ruby["timestamp"]?.int64Value.flatMap(UInt64.init(exactly:)), swift: swift.timestamp)
        differ.compare(path + ".body_class", ruby: ruby["body_class"]?.stringValue, swift: swift.bodyClass)
        let predicted = body(of: swift)
        let rubyUnserializable = ruby["body_unserializable"]?.boolValue ?? false
        switch predicted {
        case .json(let text):
            if rubyUnserializable {
                differ.note(path + ".body", ruby: "not JSON-writable: \(ruby["body_inspect"]?.stringValue ?? "?")", swift: text)
            } else {
                let rubyText = ruby["body"].flatMap { try? RubyJSON.generateString($0) } ?? "unwritable"
                differ.compare(path + ".body", ruby: rubyText, swift: text)
            }
        case .inspect(let text):
            if rubyUnserializable {
                differ.compare(path + ".body_inspect", ruby: ruby["body_inspect"]?.stringValue ?? "", swift: text)
            } else {
                let rubyText = ruby["body"].flatMap { try? RubyJSON.generateString($0) } ?? "unwritable"
                differ.note(path + ".body", ruby: rubyText, swift: "not JSON-writable: \(text)")
            }
        }
        return differ.differences
    }

    /// How Ruby's peer reports a body: as JSON (`JSON.generate(body, quirks_mode: true)`)
    /// when it can be written, else by `inspect`.
    enum ReportedBody: Equatable {
        case json(String)
        case inspect(String)
    }

    /// What the peer reports for Swift's message body. The identity serializer's body
    /// is the payload as bunny reads it, a binary (ASCII-8BIT) String: Ruby's JSON
    /// writes it as UTF-8 text when its bytes are valid UTF-8 (seen with json 2.6.1);
    /// otherwise it cannot, and its `inspect` shows every high byte as `\xNN`.
    static func body(of message: RubyMessage) -> ReportedBody {
        switch message.body {
        case .json(let value):
            if let text = try? RubyJSON.generateString(value) { return .json(text) }
            return .inspect(value.rubyInspect)
        case .raw(let bytes):
            if let string = String(validating: bytes, as: UTF8.self), let text = try? RubyJSON.generateString(.string(string)) {
                return .json(text)
            }
            return .inspect(binaryInspect(bytes))
        }
    }

    /// `String#inspect` of an ASCII-8BIT String: ASCII as UTF-8 text shows it, every
    /// byte from 0x80 as `\xNN`.
    static func binaryInspect(_ bytes: [UInt8]) -> String {
        var text = ""
        var run: [UInt8] = []
        func flush() {
            guard !run.isEmpty else { return }
            let inspected = JSONValue.rubyInspect(stringBytes: run)
            text += inspected.dropFirst().dropLast()
            run = []
        }
        for byte in bytes {
            if byte < 0x80 {
                run.append(byte)
            } else {
                flush()
                text += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        flush()
        return "\"" + text + "\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
