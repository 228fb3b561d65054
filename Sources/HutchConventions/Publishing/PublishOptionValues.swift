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
///
/// It keeps, for each key, where its value is (``Source``), not the value: positions are
/// plain integers, so setting one retains nothing and the whole record is dropped without
/// a release per key. The values are read from the Hashes when the properties are written.
/// `timestamp` and `content_type` have no entry: Hutch's own values are merged last, so
/// they are always the ones bunny reads.
struct PublishOptionValues {
    typealias Value = PublishProperties.PropertyValue

    /// Where the value of one key is: absent from every Hash, the pair at a position of the
    /// caller's properties or of the global properties, or Hutch's own value for the key
    /// (`persistent: true`, the fresh `message_id`).
    enum Source {
        case absent
        case caller(Int)
        case global(Int)
        case hutch

        var isHutch: Bool {
            if case .hutch = self { return true }
            return false
        }
    }

    var persistent = Source.absent
    var mandatory = Source.absent
    var contentEncoding = Source.absent
    var headers = Source.absent
    var deliveryMode = Source.absent
    var priority = Source.absent
    var correlationID = Source.absent
    var replyTo = Source.absent
    var expiration = Source.absent
    var messageID = Source.absent
    var type = Source.absent
    var userID = Source.absent
    var appID = Source.absent
    var clusterID = Source.absent

    /// `Hash#merge(properties)`: each pair bunny reads replaces the value before it;
    /// `source` makes the pair at a position its value's ``Source``.
    mutating func merge(_ properties: PublishProperties, _ source: (Int) -> Source) {
        for index in properties.pairs.indices { assign(properties.pairs[index].key, source(index)) }
    }

    /// `Hash#[]=` for a key bunny reads (other than `timestamp` and `content_type`); any
    /// other key is ignored, as bunny ignores it.
    ///
    /// The key is picked by its length first, so a pair costs one or two comparisons.
    /// String equality is canonical equivalence, but no other spelling is equivalent to
    /// these names (lowercase ASCII letters and `_` have no decomposable equivalents), so
    /// a key equal to a name has the name's length.
    mutating func assign(_ key: String, _ source: Source) {
        switch key.utf8.count {
        case 4: if key == "type" { type = source }
        case 6: if key == "app_id" { appID = source }
        case 7:
            if key == "headers" { headers = source } else if key == "user_id" { userID = source }
        case 8:
            if key == "priority" { priority = source } else if key == "reply_to" { replyTo = source }
        case 9: if key == "mandatory" { mandatory = source }
        case 10:
            if key == "message_id" {
                messageID = source
            } else if key == "persistent" {
                persistent = source
            } else if key == "expiration" {
                expiration = source
            } else if key == "cluster_id" {
                clusterID = source
            }
        case 13: if key == "delivery_mode" { deliveryMode = source }
        case 14: if key == "correlation_id" { correlationID = source }
        case 16: if key == "content_encoding" { contentEncoding = source }
        default: break
        }
    }

    /// bunny's defaults (`delivery_mode ||= persistent ? 2 : 1`, `content_type ||=
    /// "application/octet-stream"`, `priority ||= 0`) and amq-protocol's encoding of every
    /// property, as ``HutchPublisher/basicPublish(exchange:routingKey:body:options:)`` and
    /// ``BunnyPropertyEncoding/encode(_:)`` do them, written into `properties` (which start
    /// all absent); `false` when any value would raise (`properties` are then incomplete).
    ///
    /// The values are read from `caller` and `global` (the Hashes merged), `messageID` (the
    /// fresh id, for a `message_id` whose source is Hutch's), `timestamp` and `contentType`
    /// (Hutch's, merged last).
    ///
    /// Written in place into the message's own properties: a `BasicProperties` built here
    /// and returned was copied whole on the way out (every string retained, the original
    /// released).
    func writeBasicProperties(
        into properties: inout BasicProperties, caller: PublishProperties, global: PublishProperties,
        messageID freshID: String?, timestamp: Int64, contentType: JSONValue
    ) -> Bool {
        typealias Encoding = BunnyPropertyEncoding
        let isTruthy = PublishProperties.isTruthy
        @inline(__always)
        func value(_ source: Source) -> Value? { Self.value(source, caller: caller, global: global) }
        // Inlined: most keys are absent, and an absent key then costs a test.
        @inline(__always)
        func text(_ source: Source, _ key: String) throws(PublishError) -> String? {
            guard let value = value(source), !Self.isNil(value) else { return nil }
            return try Encoding.shortString(value, key)
        }
        let mode: Int64 = persistent.isHutch || isTruthy(value(persistent)) ? 2 : 1
        // Only present values are stored: `properties` start absent, and storing `nil` over
        // `nil` still released the old value (ten calls into the runtime per publish).
        do throws(PublishError) {
            let hutchContentType = Value.ruby(contentType)
            properties.contentType = try Encoding.shortString(
                isTruthy(hutchContentType) ? hutchContentType : .ruby(.string("application/octet-stream")),
                "content_type")
            if let string = try text(contentEncoding, "content_encoding") { properties.contentEncoding = string }
            if let headers = value(headers), !Self.isNil(headers) { properties.headers = try Encoding.headers(headers) }
            let deliveryMode = value(deliveryMode)
            properties.deliveryMode = try Encoding.octet(isTruthy(deliveryMode) ? deliveryMode! : .ruby(.int(mode)))
            let priority = value(priority)
            properties.priority = try Encoding.octet(isTruthy(priority) ? priority! : .ruby(.int(0)))
            if let string = try text(correlationID, "correlation_id") { properties.correlationID = string }
            if let string = try text(replyTo, "reply_to") { properties.replyTo = string }
            if let string = try text(expiration, "expiration") { properties.expiration = string }
            if messageID.isHutch, let freshID {
                try Encoding.checkShortString(freshID)
                properties.messageID = freshID
            } else if let string = try text(messageID, "message_id") {
                properties.messageID = string
            }
            properties.timestamp = UInt64(bitPattern: timestamp)
            if let string = try text(type, "type") { properties.type = string }
            if let string = try text(userID, "user_id") { properties.userID = string }
            if let string = try text(appID, "app_id") { properties.appID = string }
            if let string = try text(clusterID, "cluster_id") { properties.clusterID = string }
        } catch {
            return false
        }
        return true
    }

    /// The value a `source` other than Hutch's points at: a pair's value of `caller` or of
    /// `global`; `nil` for an absent key and for Hutch's own value.
    static func value(_ source: Source, caller: PublishProperties, global: PublishProperties) -> Value? {
        switch source {
        case .absent, .hutch: nil
        case .caller(let index): caller.pairs[index].value
        case .global(let index): global.pairs[index].value
        }
    }

    /// A Ruby `nil` value: skipped by amq-protocol (its flag stays clear).
    private static func isNil(_ value: Value) -> Bool {
        if case .ruby(.null) = value { return true }
        return false
    }
}
