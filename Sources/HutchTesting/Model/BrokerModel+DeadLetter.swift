import HutchConventions

extension BrokerModel {
    /// Drops the expired messages at the head of `queue` (as RabbitMQ's classic queues
    /// do, a message expires when it reaches the head), dead-lettering them with reason
    /// `expired` when the queue says where.
    mutating func expire(_ name: String) {
        while let head = queues[name]?.ready.first, let expiresAt = head.expiresAt, expiresAt <= now {
            queues[name]?.ready.removeFirst()
            deadLetter(head, from: name, reason: "expired")
        }
    }

    /// Publishes a message that leaves `queue` for `reason` (`rejected`, `expired`, `maxlen`) to the
    /// queue's `x-dead-letter-exchange` (or its policy's), with its `x-dead-letter-routing-key` or its own
    /// routing keys, its `x-death` header updated and its `expiration` removed. Without a
    /// dead-letter exchange (or when it does not exist) the message is dropped, and so is
    /// the copy a full `reject-publish` queue refuses.
    mutating func deadLetter(_ message: StoredMessage, from name: String, reason: String) {
        guard let queue = queues[name], let exchangeName = deadLetterExchange(of: queue), let exchange = exchanges[exchangeName] else {
            return
        }
        var properties = message.properties
        let originalKeys = [message.routingKey] + Self.headerRoutes(properties.headers)
        var headers = DeathHeaders.recording(
            DeathHeaders.Death(
                reason: reason, queue: name, time: UInt64(max(0, now / 1000)), exchange: message.exchange,
                routingKeys: originalKeys, originalExpiration: properties.expiration),
            in: properties.headers ?? FieldTable())
        let routingKeys: [String]
        if let key = deadLetterRoutingKey(of: queue) {
            routingKeys = [key]
            headers.entries.removeAll { $0.key == "CC" }
        } else {
            routingKeys = originalKeys
        }
        properties.headers = headers
        properties.expiration = nil
        let dead = StoredMessage(
            sequence: 0, exchange: exchangeName, routingKey: routingKeys[0], properties: properties, body: message.body)
        let targets = route(exchange, routingKeys: routingKeys, headers: headers).filter { admits($0) }
        journal.append(.deadLettered(queue: name, reason: reason, exchange: exchangeName, message: dead.inspected, queues: targets))
        for target in targets { enqueue(dead, into: target) }
    }

    // MARK: The test clock

    /// Moves the test clock on by `milliseconds`: messages whose time has come expire
    /// (and are dead-lettered) in every queue, and held calls whose patience ran out fail.
    mutating func advance(byMilliseconds milliseconds: Int64) {
        now += max(0, milliseconds)
        for name in queues.keys.sorted() { dispatch(name) }
        for id in connections.keys.sorted() { expireHeldCalls(of: id) }
    }
}

/// The `x-death` header RabbitMQ 3.10 writes when it dead-letters a message, and the
/// `x-first-death-*` headers of the first time.
enum DeathHeaders {
    /// One dead-lettering.
    struct Death {
        var reason: String
        var queue: String
        /// Seconds since the Unix epoch.
        var time: UInt64
        var exchange: String
        var routingKeys: [String]
        var originalExpiration: String?
    }

    /// `headers` with `death` recorded: the first time, `x-first-death-exchange`,
    /// `-queue` and `-reason` are set and `x-death` gets one entry (`count` 1, `reason`,
    /// `queue`, `time`, `exchange`, `routing-keys`, `original-expiration` when the message
    /// had one); later, the entry for the same queue and reason has its `count` raised
    /// (its other fields kept) and moves to the front, or a new entry is put in front.
    /// The headers are sorted by key, as RabbitMQ's `set_table_value` leaves them.
    static func recording(_ death: Death, in headers: FieldTable) -> FieldTable {
        var fields: [(String, FieldValue)] = [
            ("count", .int64(1)), ("reason", .string(death.reason)), ("queue", .string(death.queue)),
            ("time", .timestamp(death.time)), ("exchange", .string(death.exchange)),
            ("routing-keys", .array(death.routingKeys.map { .string($0) }))
        ]
        if let expiration = death.originalExpiration { fields.append(("original-expiration", .string(expiration))) }
        var headers = headers
        guard case .array(let existing)? = headers["x-death"] else {
            headers.set("x-first-death-reason", .string(death.reason))
            headers.set("x-first-death-queue", .string(death.queue))
            headers.set("x-first-death-exchange", .string(death.exchange))
            headers.set("x-death", .array([.table(FieldTable(pairs: fields))]))
            return sorted(headers)
        }
        var others: [FieldValue] = []
        var entry: FieldTable?
        for case .table(let table) in existing {
            if entry == nil, table["queue"]?.stringValue == death.queue, table["reason"]?.stringValue == death.reason {
                entry = table
            } else {
                others.append(.table(table))
            }
        }
        var updated = entry ?? FieldTable(pairs: fields)
        if entry != nil { updated.set("count", .int64((updated["count"]?.integerValue ?? 0) + 1)) }
        headers.set("x-death", .array([.table(sorted(updated))] + others))
        return sorted(headers)
    }

    /// The table sorted by key, byte-wise (RabbitMQ's `sort_field_table`).
    static func sorted(_ table: FieldTable) -> FieldTable {
        FieldTable(table.entries.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) })
    }
}
