/// hutch-schedule 0.7.3's `Hutch::Enqueue` class methods for one consumer: `enqueue`,
/// `enqueue_in` and `enqueue_at`, as the messages they publish.
public struct HutchEnqueue: Sendable, Equatable {
    /// The consumer's routing keys in `consume` order (a Ruby Set: a key given twice
    /// keeps its first position).
    package var routingKeys: [String]
    /// The publisher settings of the main exchange (`mq_exchange`, serializer, global
    /// properties); the schedule publisher uses ``PublisherConfiguration/schedule``.
    package var configuration: PublisherConfiguration

    /// The methods for a consumer.
    public init(consumer: ConsumerDefinition, configuration: PublisherConfiguration = PublisherConfiguration()) {
        self.init(routingKeys: consumer.routingKeys, configuration: configuration)
    }

    /// The methods for a consumer's routing keys.
    package init(routingKeys: [String], configuration: PublisherConfiguration = PublisherConfiguration()) {
        var unique: [String] = []
        for key in routingKeys where !unique.contains(key) { unique.append(key) }
        self.routingKeys = unique
        self.configuration = configuration
    }

    /// `enqueue_routing_key`: the last routing key; `RuntimeError` "Routing Keys is not
    /// set!" when the consumer has none.
    package func enqueueRoutingKey() throws(PublishError) -> String {
        guard let last = routingKeys.last else { throw PublishError(.runtime, "Routing Keys is not set!") }
        return last
    }

    /// `enqueue(msg)`: `Hutch.publish(enqueue_routing_key, msg)` to the main exchange,
    /// with no properties and the configured serializer.
    package func enqueue(_ message: PublishMessage, environment: PublishEnvironment) throws(PublishError) -> OutgoingMessage {
        let routingKey = try enqueueRoutingKey()
        return try HutchPublisher(configuration: configuration)
            .publish(routingKey: routingKey, message: message, environment: environment)
    }

    /// `enqueue_in(interval, message, props)`.
    ///
    /// Mirrors: the level from ``ScheduleInterval/delayLevel``; the properties are
    /// `props.merge(expiration: level * 1000, headers: (props[:headers] || {}).merge(CC: [routing key]))`
    /// — the Integer expiration is written as its decimal text, a caller's `expiration`
    /// is replaced in place, and the Symbol key `:CC` is appended after the caller's
    /// headers even when they hold a String `"CC"` (both go on the wire). A truthy
    /// `headers` that is not a Hash raises `NoMethodError` (no `merge`). The message is
    /// published by `Hutch::Schedule.publish` to `<exchange>.schedule` with routing key
    /// `<exchange>.schedule.<N>s`, with Hutch's serializer and global properties.
    public func enqueueIn(
        _ interval: ScheduleInterval, _ message: PublishMessage, properties: PublishProperties = PublishProperties(),
        environment: PublishEnvironment
    ) throws(PublishError) -> OutgoingMessage {
        let level = interval.delayLevel
        let routingKey = try enqueueRoutingKey()
        let cc = FieldValue.array([.string(routingKey)])
        let headers: HeaderHash
        switch properties["headers"] {
        case nil, .ruby(.null), .ruby(.bool(false)):
            headers = HeaderHash().appendingSymbolKey("CC", cc)
        case .ruby(.object(let object)):
            headers = HeaderHash(object).appendingSymbolKey("CC", cc)
        case .headers(let hash):
            headers = hash.appendingSymbolKey("CC", cc)
        case .ruby(let other):
            throw PublishError(.noMethod, "undefined method `merge' for \(other.rubyClassName)")
        }
        let delayed = properties.merging(
            PublishProperties([
                ("expiration", .ruby(.int(Int64(level.seconds) * 1000))),
                ("headers", .headers(headers))
            ]))
        let schedule = configuration.schedule
        return try HutchPublisher(configuration: schedule).publish(
            routingKey: level.routingKey(exchange: configuration.exchange), message: message,
            properties: delayed, environment: environment)
    }

    /// `enqueue_at(time, message, props)` with `now` the value of `Time.now.utc.to_f`.
    ///
    /// The interval is `[at - now, 1.second].max` (see ``interval(at:now:)``), then as
    /// ``enqueueIn(_:_:properties:environment:)``.
    package func enqueueAt(
        _ at: Double, now: Double, _ message: PublishMessage, properties: PublishProperties = PublishProperties(),
        environment: PublishEnvironment
    ) throws(PublishError) -> OutgoingMessage {
        try enqueueIn(Self.interval(at: at, now: now), message, properties: properties, environment: environment)
    }

    /// The interval `enqueue_at` computes: `[at - now, 1.second].max`.
    ///
    /// `at` is a Time (`utc.to_f`) or a number; either way `at - now` is a Float, since
    /// `now` is one. When it is below one second (the past included) the result is
    /// ActiveSupport's `1.second`, so the 5 s level; when exactly 1.0 Ruby keeps the
    /// Float (also the 5 s level). A NaN difference cannot be compared and raises
    /// `ArgumentError` ("comparison of ActiveSupport::Duration with NaN failed").
    package static func interval(at: Double, now: Double) throws(PublishError) -> ScheduleInterval {
        let difference = at - now
        if difference.isNaN {
            throw PublishError(.argument, "comparison of ActiveSupport::Duration with NaN failed")
        }
        return difference >= 1 ? .float(difference) : .oneSecond
    }
}
