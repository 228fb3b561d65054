import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import InMemoryTracing
import MetricsTestKit
import Testing
import Tracing

/// Records each message with the trace context its handler ran in; fails when the body says so.
struct TracedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("traced-q")
    static let routingKeys = [LiveBroker.uniqueName("traced") + ".#"]
    let seen: Collector<TracedDelivery>

    func process(_ message: ReceivedMessage<JSONValue>) async throws {
        await seen.append(TracedDelivery(message: message, spanContext: ServiceContext.current?.inMemorySpanContext))
        if message.body.objectValue?["fail"]?.boolValue == true { throw HandlerRefusal() }
    }
}

/// Always fails, with one retry through hutch-schedule's delay queues.
struct RetriedTracedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("retried-traced-q")
    static let routingKeys = [LiveBroker.uniqueName("retried-traced")]
    static let attempts = 1
    func process(_ message: ReceivedMessage<JSONValue>) async throws { throw HandlerRefusal() }
}

struct TracedDelivery: Sendable {
    let message: ReceivedMessage<JSONValue>
    let spanContext: InMemorySpanContext?
}

struct HandlerRefusal: Error {}

/// The client's tracing on the in-memory broker: `traceparent` written on publish and
/// joined on delivery (a Ruby publisher's too), a failing handler's span, nothing added
/// with tracing off, and the retry of a failed message and, once the test clock passes the
/// 5 s delay queue's TTL, its redelivery, all in one trace.
@Suite struct TracingRulesTests {
    static let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)
    static var routingKey: String { String(TracedConsumer.routingKeys[0].dropLast(2)) + ".created" }

    /// Runs a worker with `TracedConsumer` on `settings` on an in-memory broker (a
    /// `publisher` of its own when given); returns what it saw after `body`.
    static func withWorker(
        _ settings: HutchClientSettings, publisher: ((HutchConnection) -> Publisher)? = nil, expecting count: Int,
        _ body: (Publisher, InMemoryBroker) async throws -> Void
    ) async throws -> [TracedDelivery] {
        let client = InMemoryHutch(settings: settings, label: "tracing")
        let seen = Collector<TracedDelivery>()
        let worker = Worker(
            connection: client.hutch, consumers: [TracedConsumer(seen: seen)], publisher: publisher?(client.hutch),
            logger: LiveBroker.logger("tracing"))
        let running = start(worker)
        try await worker.waitForSubscription()
        try await body(worker.publisher, client.broker)
        let delivered = await seen.wait(for: count, timeout: .seconds(10))
        worker.shutdown()
        try await running.value
        await client.hutch.close()
        return delivered
    }

    @Test func theRetryOfAFailedMessageContinuesItsTrace() async throws {
        var settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true))
        let tracer = W3CTestTracer()
        settings.observability.tracer = tracer
        let client = InMemoryHutch(settings: settings, label: "tracing-retry")
        let worker = Worker(connection: client.hutch, consumers: [RetriedTracedConsumer()], logger: LiveBroker.logger("tracing-retry"))
        let running = start(worker)
        try await worker.waitForSubscription()
        try await worker.publisher.publish(RetriedTracedConsumer.routingKeys[0], ["id": 1], confirm: true)
        let schedule = "publish \(settings.topology.mqExchange).schedule"
        let delayQueue = DelayLevel(forInterval: 5).delayQueueName(config: settings.topology, profile: settings.profile)
        try await client.broker.waitUntil("the retry in the delay queue") { $0.readyMessages(in: delayQueue)?.count == 1 }
        client.broker.advanceClock(by: .seconds(5))
        try await waitUntil(timeout: .seconds(10)) { tracer.finishedSpans.filter { $0.kind == .consumer }.count == 2 }
        worker.shutdown()
        try await running.value
        await client.hutch.close()

        let original = try #require(tracer.finishedSpans.first { $0.kind == .producer && $0.operationName != schedule })
        let consumers = tracer.finishedSpans.filter { $0.kind == .consumer }
        let retry = try #require(tracer.finishedSpans.first { $0.operationName == schedule })
        #expect(consumers.first?.parentSpanID == original.spanID)
        #expect(retry.traceID == original.traceID)
        #expect(retry.parentSpanID == consumers.first?.spanID)
        // The retried delivery, after the delay queue, is handled in a child of the retry's span.
        #expect(consumers.last?.traceID == original.traceID)
        #expect(consumers.last?.parentSpanID == retry.spanID)
    }

    @Test func aPublishCarriesTraceparentAndTheHandlerRunsInAChildConsumerSpan() async throws {
        var settings = InMemoryHutch.settings(profile: Self.profile)
        let tracer = W3CTestTracer()
        settings.observability.tracer = tracer
        let delivered = try await Self.withWorker(settings, expecting: 1) { publisher, _ in
            try await publisher.publish(Self.routingKey, ["id": 7], confirm: true)
        }
        let delivery = try #require(delivered.first)
        let producer = try #require(tracer.finishedSpans.first { $0.kind == .producer })
        try await waitUntil(timeout: .seconds(5)) { tracer.finishedSpans.contains { $0.kind == .consumer } }
        let consumer = try #require(tracer.finishedSpans.first { $0.kind == .consumer })

        // The header Ruby sees: W3C traceparent of the producer span.
        let header = try #require(delivery.message.headers?["traceparent"])
        #expect(header == .longString(Array("00-\(producer.traceID)-\(producer.spanID)-01".utf8)))
        #expect(producer.operationName == "publish \(settings.topology.mqExchange)")
        #expect(producer.attributes["messaging.system"]?.toSpanAttribute() == "rabbitmq")
        #expect(producer.attributes["messaging.rabbitmq.destination.routing_key"]?.toSpanAttribute() == .string(Self.routingKey))
        #expect(producer.attributes["messaging.message.id"]?.toSpanAttribute() == delivery.message.messageID.map { .string($0) })

        // The consumer span continues the producer's trace, and the handler runs inside it.
        #expect(consumer.traceID == producer.traceID)
        #expect(consumer.parentSpanID == producer.spanID)
        #expect(consumer.operationName == "process \(settings.topology.mqExchange)")
        #expect(consumer.attributes["messaging.operation.type"]?.toSpanAttribute() == "process")
        #expect(consumer.attributes["messaging.destination.name"]?.toSpanAttribute() == .string(settings.topology.mqExchange))
        #expect(consumer.attributes["hutch.consumer"]?.toSpanAttribute() == "TracedConsumer")
        #expect(consumer.status == nil)
        #expect(delivery.spanContext?.spanID == consumer.spanID)
    }

    @Test func aRubyTraceparentHeaderIsJoinedAndAFailingHandlerMarksItsSpan() async throws {
        var settings = InMemoryHutch.settings(profile: Self.profile)
        let tracer = W3CTestTracer()
        settings.observability.tracer = tracer
        let rubyTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
        let rubySpan = "00f067aa0ba902b7"
        _ = try await Self.withWorker(settings, expecting: 1) { _, broker in
            // What a Ruby publisher sends with `headers: {"traceparent" => …}`: bunny writes a long string.
            let amqp = broker.connect()
            let channel = try await amqp.openChannel()
            var properties = BasicProperties()
            properties.contentType = "application/json"
            properties.headers = FieldTable(pairs: [
                ("traceparent", .longString(Array("00-\(rubyTrace)-\(rubySpan)-01".utf8))),
                ("tracestate", .longString(Array("ruby=1".utf8)))
            ])
            try await amqp.publish(
                BasicPublish(exchange: settings.topology.mqExchange, routingKey: Self.routingKey), properties: properties,
                body: Array(#"{"fail":true}"#.utf8), on: channel)
            await amqp.close()
        }
        try await waitUntil(timeout: .seconds(5)) { tracer.finishedSpans.contains { $0.kind == .consumer } }
        let consumer = try #require(tracer.finishedSpans.first { $0.kind == .consumer })
        #expect(consumer.traceID == rubyTrace)
        #expect(consumer.parentSpanID == rubySpan)
        #expect(consumer.status?.code == .error)
        #expect(consumer.errors.count == 1)
    }

    @Test func withTracingOffThePublishedFrameIsByteForByteWhatItWasBefore() async throws {
        let environment = PublishEnvironment.fixed(timestamp: 1_764_000_000, messageID: "1b2c3d4e-0000-4000-8000-00000000abcd")
        var settings = InMemoryHutch.settings(profile: Self.profile)
        // Metrics on (the observed path runs), tracing off.
        settings.observability.metricsFactory = TestMetrics()
        let properties = PublishProperties(JSONObject([("headers", .object(JSONObject([("tenant", .string("acme"))])))]))
        let delivered = try await Self.withWorker(
            settings, publisher: { Publisher(connection: $0, environment: environment) }, expecting: 1
        ) { publisher, _ in
            try await publisher.publish(Self.routingKey, json: ["id": 7], properties: properties, confirm: true)
        }

        let message = try #require(delivered.first?.message)
        let before = try Publisher.message(
            Self.routingKey, json: ["id": 7], properties: properties, configuration: settings.publisherConfiguration,
            environment: environment)
        let frame = try ContentHeaderCodec.encode(properties: message.properties, bodySize: UInt64(message.rawBody.count))
        let expected = try ContentHeaderCodec.encode(properties: before.properties, bodySize: UInt64(before.body.count))
        #expect(frame == expected)
        #expect(message.rawBody == before.body)
        #expect(message.headers?["traceparent"] == nil)
        #expect(delivered.first?.spanContext == nil)
    }
}
