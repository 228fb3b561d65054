import HutchAMQP
import HutchConventions
import HutchRubyModel

/// What a live delivery of a `consume` case is checked for: the delivery against the
/// recorded one, the conventions' worker model run on it (message view, failure count,
/// outcome and acknowledgement frames), and the broker's reaction when the worker's
/// acknowledgements are really sent (`channel.close` as recorded, a delivery held
/// unacknowledged, a requeued message redelivered).
struct LiveConsumeEvaluation {
    var recorded: RecordedCase
    var setup: ConsumeSetup
    var lane: LiveLane
    var environment: CheckEnvironment

    /// The checks, and the worker's result (for the republish checks of the caller).
    struct Result {
        var checks: [CaseResult.Check]
        var worker: RubyWorkerResult
        /// The delivery as compared (x-death times adopted).
        var delivered: DeliveredMessage
    }

    /// Evaluates `live`, consumed by `consumer` from `queue`. The consumer's channel
    /// may be closed afterwards (by the broker, or to show a held delivery requeued).
    func evaluate(_ live: IncomingDelivery, consumer: LiveConsumer, queue: String) async throws -> Result {
        let expected = recorded.expectedReader
        let recordedDelivery = try RecordedDelivery.read(try expected.object("delivery"))
        let rubyDelivered = DeliveredMessage(recordedDelivery.delivery)
        var delivered = DeliveredMessage(live)
        var deliveredDiffer = ModelDiffer()
        delivered.properties.headers = XDeathTime.adopt(
            delivered.properties.headers, recorded: rubyDelivered.properties.headers, clock: environment.now(),
            tolerance: environment.timestampTolerance, path: "delivery.properties.headers", differ: &deliveredDiffer)
        var deliveredDifferences = deliveredDiffer.differences
        deliveredDifferences += DeliveredMessage.differences(ruby: rubyDelivered, swift: delivered, path: "delivery")
        var tagDiffer = ModelDiffer()
        tagDiffer.compare("delivery.delivery_tag", ruby: recordedDelivery.delivery.deliveryTag, swift: live.deliveryTag)
        deliveredDifferences += tagDiffer.differences

        let worker = setup.worker.handle(
            delivered.delivery(consumerTag: live.consumerTag, deliveryTag: live.deliveryTag), consumer: setup.consumerClass,
            handler: setup.handler)
        var count = ModelDiffer()
        if let rubyCount = RubyNumeric(recorded: expected.optionalValue("failure_count")) {
            let swiftCount: String
            do {
                swiftCount = try MaxRetry.failureCount(headers: delivered.properties.headers, routingKeys: setup.definition.routingKeys)
                    .description
            } catch {
                swiftCount = "raised \(error.className)"
            }
            count.compare("failure_count", ruby: rubyCount.description, swift: swiftCount)
        }
        let reaction = try await brokerReaction(worker, live: live, consumer: consumer, queue: queue)
        return Result(
            checks: [
                CaseResult.Check(name: "live delivered", differences: deliveredDifferences),
                CaseResult.Check(
                    name: "live message",
                    differences: try MessageViewComparison.differences(
                        ruby: try expected.optionalObject("message"), swift: worker.handledMessage)),
                CaseResult.Check(name: "live failure_count", differences: count.differences),
                CaseResult.Check(
                    name: "live outcome",
                    differences: try ConsumeChecker.outcomeDifferences(
                        expected: expected, result: worker, file: recorded.file, serverClose: false)),
                CaseResult.Check(name: "live broker reaction", differences: reaction)
            ],
            worker: worker, delivered: delivered)
    }

    /// Sends the worker's acknowledgements and compares what the broker does.
    private func brokerReaction(_ worker: RubyWorkerResult, live: IncomingDelivery, consumer: LiveConsumer, queue: String) async throws
        -> [Difference]
    {
        let expected = recorded.expectedReader
        let connection = lane.connection
        var differ = ModelDiffer()
        let error = await lane.acknowledge(worker.acknowledgements, on: live.channel, probeQueue: queue)
        var closes: [AMQPMethod] = []
        if let error {
            if let code = error.replyCode {
                closes.append(
                    .channelClose(
                        Close(
                            replyCode: code, replyText: error.replyText ?? "", classID: error.classID ?? 0, methodID: error.methodID ?? 0)))
            } else {
                differ.note("acknowledgements", ruby: "sent", swift: "failed: \(error)")
            }
        }
        ConsumeChecker.compareSequences(
            "server_close", ruby: try ConsumeChecker.recordedServerCloses(expected), swift: closes, differ: &differ)

        if worker.acknowledgements.isEmpty {
            // Never acknowledged: the broker holds the delivery until the channel closes,
            // then requeues it (or, after its consumer timeout, closes the channel itself).
            let held = try await readyCount(queue)
            differ.compare("unacknowledged.ready_while_held", ruby: UInt32(0), swift: held)
            consumer.stop()
            try? await connection.closeChannel(live.channel)
            var requeued = try await readyCount(queue)
            for _ in 0..<20 where requeued == 0 {
                try? await Task.sleep(for: .milliseconds(50))
                requeued = try await readyCount(queue)
            }
            differ.compare("unacknowledged.ready_after_channel_close", ruby: UInt32(1), swift: requeued)
        }

        if let redelivery = try expected.optionalObject("requeued_redelivery") {
            // The requeued message goes to the same consumer while its channel lives;
            // after a channel close, to a new consumer.
            var again: IncomingDelivery?
            if error == nil {
                again = await consumer.next(within: LiveRoundTrip.arrivalTimeout)
                if let again { try? await connection.ack(again) }
            } else {
                again = try await lane.withChannel { channel in
                    let reader = try await LiveConsumer.start(
                        queue: queue, tag: "hutch-conformance-redelivery", on: channel, connection: connection)
                    defer { reader.stop() }
                    let delivery = await reader.next(within: LiveRoundTrip.arrivalTimeout)
                    if let delivery { try? await connection.ack(delivery) }
                    return delivery
                }
            }
            if let again {
                differ.compare("requeued_redelivery.redelivered", ruby: try redelivery.bool("redelivered"), swift: again.redelivered)
                differ.compare("requeued_redelivery.routing_key", ruby: try redelivery.string("routing_key"), swift: again.routingKey)
            } else {
                differ.note("requeued_redelivery", ruby: "redelivered", swift: "nothing within 5 s")
            }
        }
        return differ.differences
    }

    /// The queue's ready messages (`queue.declare` passive).
    private func readyCount(_ queue: String) async throws -> UInt32 {
        let connection = lane.connection
        return try await lane.withChannel { channel in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: channel)?.messageCount ?? 0
        }
    }
}
