/// The options Hash of one `Hutch.publish` read the way bunny's `basic_publish` reads it,
/// without building the Hash: for each key bunny reads, the value of its last writer.
///
/// `{persistent: true}.merge(properties).merge(global_properties).merge(…)` gives every key
/// the value of the last Hash that has it; ``merge(_:)`` in the same order gives the same
/// values. What it does not keep is the Hash's order, which only decides which exception
/// amq-protocol raises first when several values are bad — so
/// ``writeBasicProperties(into:)`` gives up as soon as any value would raise, and
/// ``HutchPublisher`` then builds the Hash (``PublishProperties/merging(_:)``) to raise
/// exactly Ruby's exception.
struct PublishOptionValues {
    typealias Value = PublishProperties.PropertyValue

    var persistent: Value?
    var mandatory: Value?
    var contentType: Value?
    var contentEncoding: Value?
    var headers: Value?
    var deliveryMode: Value?
    var priority: Value?
    var correlationID: Value?
    var replyTo: Value?
    var expiration: Value?
    var messageID: Value?
    var timestamp: Value?
    var type: Value?
    var userID: Value?
    var appID: Value?
    var clusterID: Value?

    /// `Hash#merge(properties)`: each pair bunny reads replaces the value before it.
    mutating func merge(_ properties: PublishProperties) {
        for pair in properties.pairs { assign(pair.key, pair.value) }
    }

    /// `Hash#[]=` for a key bunny reads; any other key is ignored, as bunny ignores it.
    ///
    /// The key is picked by its length first, so a pair costs one or two comparisons.
    /// String equality is canonical equivalence, but no other spelling is equivalent to
    /// these names (lowercase ASCII letters and `_` have no decomposable equivalents), so
    /// a key equal to a name has the name's length.
    mutating func assign(_ key: String, _ value: Value) {
        switch key.utf8.count {
        case 4: if key == "type" { type = value }
        case 6: if key == "app_id" { appID = value }
        case 7:
            if key == "headers" { headers = value } else if key == "user_id" { userID = value }
        case 8:
            if key == "priority" { priority = value } else if key == "reply_to" { replyTo = value }
        case 9:
            if key == "timestamp" { timestamp = value } else if key == "mandatory" { mandatory = value }
        case 10:
            if key == "message_id" {
                messageID = value
            } else if key == "persistent" {
                persistent = value
            } else if key == "expiration" {
                expiration = value
            } else if key == "cluster_id" {
                clusterID = value
            }
        case 12: if key == "content_type" { contentType = value }
        case 13: if key == "delivery_mode" { deliveryMode = value }
        case 14: if key == "correlation_id" { correlationID = value }
        case 16: if key == "content_encoding" { contentEncoding = value }
        default: break
        }
    }

    /// bunny's defaults (`delivery_mode ||= persistent ? 2 : 1`, `content_type ||=
    /// "application/octet-stream"`, `priority ||= 0`) and amq-protocol's encoding of every
    /// property, as ``HutchPublisher/basicPublish(exchange:routingKey:body:options:)`` and
    /// ``BunnyPropertyEncoding/encode(_:)`` do them, written into `properties` (which start
    /// all absent); `false` when any value would raise (`properties` are then incomplete).
    ///
    /// Written in place into the message's own properties: a `BasicProperties` built here
    /// and returned was copied whole on the way out (every string retained, the original
    /// released).
    func writeBasicProperties(into properties: inout BasicProperties) -> Bool {
        typealias Encoding = BunnyPropertyEncoding
        let isTruthy = PublishProperties.isTruthy
        let mode: Int64 = isTruthy(persistent) ? 2 : 1
        func text(_ value: Value?, _ key: String) throws(PublishError) -> String? {
            guard let value, !Self.isNil(value) else { return nil }
            return try Encoding.shortString(value, key)
        }
        // Only present values are stored: `properties` start absent, and storing `nil` over
        // `nil` still released the old value (ten calls into the runtime per publish).
        do throws(PublishError) {
            properties.contentType = try text(
                isTruthy(contentType) ? contentType : .ruby(.string("application/octet-stream")), "content_type")
            if let string = try text(contentEncoding, "content_encoding") { properties.contentEncoding = string }
            if let headers, !Self.isNil(headers) { properties.headers = try Encoding.headers(headers) }
            properties.deliveryMode = try Encoding.octet(isTruthy(deliveryMode) ? deliveryMode! : .ruby(.int(mode)))
            properties.priority = try Encoding.octet(isTruthy(priority) ? priority! : .ruby(.int(0)))
            if let string = try text(correlationID, "correlation_id") { properties.correlationID = string }
            if let string = try text(replyTo, "reply_to") { properties.replyTo = string }
            if let string = try text(expiration, "expiration") { properties.expiration = string }
            if let string = try text(messageID, "message_id") { properties.messageID = string }
            if let timestamp, !Self.isNil(timestamp) { properties.timestamp = try Encoding.timestamp(timestamp) }
            if let string = try text(type, "type") { properties.type = string }
            if let string = try text(userID, "user_id") { properties.userID = string }
            if let string = try text(appID, "app_id") { properties.appID = string }
            if let string = try text(clusterID, "cluster_id") { properties.clusterID = string }
        } catch {
            return false
        }
        return true
    }

    /// A Ruby `nil` value: skipped by amq-protocol (its flag stays clear).
    private static func isNil(_ value: Value) -> Bool {
        if case .ruby(.null) = value { return true }
        return false
    }
}
