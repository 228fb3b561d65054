import HutchConventions

/// One event the Ruby peer (`ruby-fixtures/peer.rb`, protocol `hutch-peer/1`) wrote:
/// a JSON object a line on its stdout, named by its `event` field.
package struct PeerEvent: Sendable, Equatable {
    /// The events of `hutch-peer/1`.
    package enum Kind: String, Sendable, CaseIterable {
        /// The peer's consumers are set up; it may be published to.
        case ready
        /// A peer consumer's `#process` ran: what Ruby saw of a delivery.
        case consumed
        /// A consumer's `#process` raised: `consumer`, `routing_key`, `delivery_tag`,
        /// `error_class`, `error`.
        case consumerError = "consumer_error"
        /// What the Ruby client sent for a delivery after `#process`: `consumer`,
        /// `routing_key`, `delivery_tag`, `outcome` (`ack`, `nack`, `reject`, `requeue`,
        /// or `none` when nothing came within 5 s).
        case outcome
        /// The peer published a message: its publish fields and frames.
        case published
        /// The answer to `ping`.
        case pong
        /// A command failed.
        case error
        /// The gems are missing; the peer exits with status 3.
        case skipped
        /// The last line.
        case stopped
    }

    /// The `event` field as written (an unknown name is kept, ``kind`` is then `nil`).
    package var name: String
    /// The whole object, in the peer's key order.
    package var fields: JSONObject

    /// Creates an event from its fields.
    package init(name: String, fields: JSONObject) {
        self.name = name
        self.fields = fields
    }

    /// The event's kind, `nil` for a name `hutch-peer/1` does not define.
    package var kind: Kind? { Kind(rawValue: name) }

    /// Parses one stdout line.
    package static func parse(_ line: String) throws(PeerProtocolError) -> PeerEvent {
        let value: JSONValue
        do {
            value = try RubyJSON.parse(line)
        } catch {
            throw PeerProtocolError("not a JSON line: \(line.prefix(200))")
        }
        guard let object = value.objectValue else { throw PeerProtocolError("not a JSON object: \(line.prefix(200))") }
        guard let name = object["event"]?.stringValue else { throw PeerProtocolError("no \"event\" field: \(line.prefix(200))") }
        return PeerEvent(name: name, fields: object)
    }

    /// A string field.
    package func string(_ key: String) -> String? { fields[key]?.stringValue }

    /// An object field.
    package func object(_ key: String) -> JSONObject? { fields[key]?.objectValue }

    /// `id` of `published`, `pong` and `error` (a string, or a number written as text).
    package var id: String? {
        switch fields["id"] {
        case .string(let text): text
        case .integer(let number): "\(number)"
        default: nil
        }
    }

    /// `reason` of `skipped` and `stopped`.
    package var reason: String? { string("reason") }

    /// `recorded_with.hutch` of `ready`: the Hutch version the peer loaded.
    package var hutchVersion: String? { object("recorded_with")?["hutch"]?.stringValue }

    /// `message_id` of the `properties` of `consumed` and `published`.
    package var messageID: String? { object("properties")?["message_id"]?.stringValue }
}
