import HutchAMQP
import HutchConventions

/// `retry` live (single steps): the recorded headers — a client-published `x-death`
/// included — and body go through the broker to a plain queue; MaxRetry's decision on
/// what the broker delivered must equal the recorded decision.
///
/// Checks: `live delivered` (the broker kept the headers as published) and `live
/// decision`. RabbitMQ 3.13 and later stop interpreting client-published `x-death`
/// when dead-lettering; the end-to-end chain (``LiveChainLane``) shows the count
/// rising on this broker.
struct LiveRetryCheck: LiveCheck {
    func check(_ recorded: RecordedCase, context: LiveContext) async throws -> [CaseResult.Check] {
        let input = recorded.inputReader
        let consumer = try RecordedInputs.consumer(try input.object("consumer"))
        let headers = try input.optionalValue("headers").map { value throws(CaseFileError) in
            try TypedValueReader(file: recorded.file).table(value, path: "input.headers")
        }
        let body = try RecordedMessage.base64(input, "body_base64")
        var properties = BasicProperties()
        properties.contentType = "application/json"
        properties.headers = headers
        let lane = context.lane
        let connection = lane.connection
        let delivered: IncomingDelivery? = try await lane.withChannel { channel in
            let declared = try await connection.declare(
                .queueDeclare(QueueDeclare(queue: "", durable: false, exclusive: true, autoDelete: true)), on: channel)
            let queue = declared?.queue ?? ""
            let reader = try await LiveConsumer.start(queue: queue, tag: "hutch-conformance-retry", on: channel, connection: connection)
            defer { reader.stop() }
            try await connection.confirmSelect(on: channel)
            try await connection.publishConfirmed(
                BasicPublish(exchange: "", routingKey: queue), properties: properties, body: body, on: channel)
            return await reader.next(within: LiveRoundTrip.arrivalTimeout)
        }
        guard let delivered else {
            return [
                CaseResult.Check(
                    name: "live delivered", differences: [Difference(path: "delivered", ruby: "the message", swift: "nothing within 5 s")])
            ]
        }
        var differ = ModelDiffer()
        differ.compare("delivered.properties.headers", ruby: headers, swift: delivered.properties.headers)
        differ.compare("delivered.body", ruby: body, swift: delivered.body)
        let decision = MaxRetry.decide(headers: delivered.properties.headers, consumer: consumer, payload: delivered.body)
        return [
            CaseResult.Check(name: "live delivered", differences: differ.differences),
            CaseResult.Check(
                name: "live decision",
                differences: try RetryChecker.decisionDifferences(expected: recorded.expectedReader, decision: decision))
        ]
    }
}
