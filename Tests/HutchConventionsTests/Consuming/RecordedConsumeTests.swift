import HutchConventions
import Testing

/// Every recorded `consume` case, in every corpus: the message view, the failure
/// count, and what the worker sent and the broker answered.
@Suite struct RecordedConsumeTests {
    static let cases = RecordedConsumingCase.load(kind: "consume")

    @Test func corpusIsPresent() {
        #expect(Self.cases.count >= 60)
    }

    @Test(arguments: cases)
    func consume(_ recorded: RecordedConsumingCase) throws {
        let input = recorded.input
        let expected = recorded.expected
        let profile = recorded.profile

        if expected["delivered"]?.boolValue == false {
            // Never reached the consumer: a delayed message on a delay queue without a
            // dead-letter exchange.
            #expect(input["delivered_via"]?.stringValue == "enqueue_in")
            #expect(!DelayedDelivery.reachesConsumer(profile: profile, policyDeadLetterExchange: Self.policyDLX(input)))
            return
        }
        if input["delivered_via"]?.stringValue == "enqueue_in" {
            #expect(DelayedDelivery.reachesConsumer(profile: profile, policyDeadLetterExchange: Self.policyDLX(input)))
        }

        let consumerJSON = input["consumer"]?.objectValue ?? JSONObject()
        let definition = Typed.consumer(consumerJSON)
        let consumer = ConsumerClass(
            definition: definition,
            includesEnqueue: consumerJSON["includes_enqueue"]?.boolValue ?? profile.hutchScheduleLoaded)
        var handler = HandlerBehaviour()
        if let call = consumerJSON["calls"]?.stringValue {
            handler.calls = [try #require(HandlerBehaviour.Call(rawValue: call))]
        }
        handler.raises = consumerJSON["raises"]?.stringValue
        let config = input["config"]?.objectValue ?? JSONObject()
        let handlers = config["error_handlers"]?.arrayValue?.compactMap(\.stringValue).map(ErrorHandler.init(rubyClassName:))
        let worker = HutchWorker(profile: profile, errorHandlers: handlers ?? ErrorHandler.defaults)

        let delivery = try Typed.delivery(try #require(expected["delivery"]?.objectValue))
        let result = worker.handle(delivery, consumer: consumer, handler: handler)

        // Hutch::Message
        if let message = expected["message"]?.objectValue {
            let built = try #require(result.builtMessage)
            #expect(built.routingKey == message["routing_key"]?.stringValue)
            #expect(built.exchange == message["exchange"]?.stringValue)
            #expect(built.messageID == message["message_id"]?.stringValue)
            #expect(built.timestamp == message["timestamp"]?.int64Value.flatMap { UInt64(exactly: $0) })
            #expect(built.bodyClass == message["body_class"]?.stringValue)
            let body = try #require(built.jsonBody)
            if message["body_unserializable"]?.boolValue == true {
                #expect(throws: RubyJSONError.self) { try RubyJSON.generate(body) }
            } else {
                let recordedBody = try #require(message["body"])
                #expect(try RubyJSON.generate(body) == RubyJSON.generate(recordedBody))
            }
        } else {
            #expect(result.builtMessage == nil)
        }

        // MaxRetry#failure_count for these headers and this consumer.
        if let count = Typed.numeric(expected["failure_count"]) {
            #expect(try MaxRetry.failureCount(headers: delivery.properties.headers, routingKeys: definition.routingKeys) == count)
        }

        #expect(result.outcome.rawValue == expected["outcome"]?.stringValue)
        #expect(result.error?.className == expected["error_class"]?.stringValue)
        #expect(result.acknowledgements.map(Typed.json) == (expected["acknowledgements"]?.arrayValue ?? []))
        #expect(result.serverClose.map(Typed.json) == (expected["server_close"]?.arrayValue ?? []))
        if expected["error_raised_in"] != nil {
            #expect(result.errorSurface == .bunnyConsumerWorkPool)
        }

        // What MaxRetry republished.
        let republished = expected["republished"]?.arrayValue ?? []
        let decision = result.retryDecision
        #expect(republished.count == (decision?.retried == true ? 1 : 0))
        if let first = republished.first?.objectValue, let level = decision?.level {
            let exchange = config["mq_exchange"]?.stringValue ?? "hutch"
            #expect(first["routing_key"]?.stringValue == level.routingKey(exchange: exchange))
            #expect(first["exchange"]?.stringValue == DelayLevel.scheduleExchange(for: exchange))
            if case .success(let body)? = decision?.republish?.body,
                let recorded = first["body_base64"]?.stringValue
            {
                #expect(try RubyJSON.generate(body) == Typed.base64(recorded))
            }
        }
    }

    static func policyDLX(_ input: JSONObject) -> Bool {
        (input["broker_policies"]?.arrayValue ?? []).contains {
            $0.objectValue?["definition"]?.objectValue?["dead-letter-exchange"] != nil
        }
    }
}
