import HutchConventions

/// A command to the Ruby peer: one JSON line on its stdin (`hutch-peer/1`).
package enum PeerCommand: Sendable, Equatable {
    /// Publish one message. `message` holds the publish fields without `command`:
    /// `id`, `method` (`publish`, `enqueue`, `enqueue_in`, `enqueue_at`),
    /// `routing_key`, `message` or `message_base64`, `properties`, `options`, `consumer`,
    /// `interval`, `at`.
    case publish(JSONObject)
    /// Publish every message of the spec's `publish` list, in order.
    case publishSpec
    /// Ask for a `pong` with the counts so far.
    case ping(id: String)
    /// Stop; the peer answers `stopped`.
    case stop

    /// The command as a JSON object, `command` first.
    package var object: JSONObject {
        switch self {
        case .publish(let fields):
            var object: JSONObject = ["command": "publish"]
            for (key, value) in fields.pairs where key != "command" { _ = object.updateValue(value, forKey: key) }
            return object
        case .publishSpec: return ["command": "publish_spec"]
        case .ping(let id): return ["command": "ping", "id": .string(id)]
        case .stop: return ["command": "stop"]
        }
    }

    /// The line to write: compact JSON and a newline.
    package func line() throws(PeerProtocolError) -> String {
        do {
            return try RubyJSON.generateString(.object(object)) + "\n"
        } catch {
            throw PeerProtocolError("the command cannot be written as JSON: \(error)")
        }
    }
}
