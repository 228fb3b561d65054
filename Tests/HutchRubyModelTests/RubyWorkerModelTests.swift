import HutchConventions
import HutchRubyModel
import Testing

/// The worker model beyond the corpus: every profile against the same handlers.
@Suite struct RubyWorkerModelTests {
    static let plain110 = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: false)
    static let plain131 = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)
    static let schedule131 = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)
    static let consumer = RubyConsumerClass(
        definition: ConsumerDefinition(className: "PlanConsumer", routingKeys: ["abc.plan"], attempts: 2), includesEnqueue: true)

    static func delivery(_ body: String, tag: UInt64 = 7, headers: FieldTable? = nil) -> Delivery {
        Delivery(
            deliver: BasicDeliver(consumerTag: "hutch-x", deliveryTag: tag, redelivered: false, exchange: "hutch", routingKey: "abc.plan"),
            properties: BasicProperties(headers: headers, messageID: "m"), body: Array(body.utf8))
    }

    @Test(arguments: ["", "  \n", "null", "[1]", "\"s\"", "5", "true", "not json", "{\"a\":"])
    func undecodableBodies(body: String) {
        let isParseError = ["", "  \n", "not json", "{\"a\":"].contains(body)
        let expectedClass = isParseError ? "MultiJson::ParseError" : "NoMethodError"

        let plain = RubyWorkerModel(profile: Self.plain131).handle(Self.delivery(body), consumer: Self.consumer, handler: .succeeds)
        #expect(plain.error?.className == expectedClass)
        #expect(plain.outcome == .nack)
        #expect(plain.acknowledgements == [.hutchNack(7)])
        #expect(plain.errorSurface == .rescuedByWorker)

        let schedule = RubyWorkerModel(profile: Self.schedule131).handle(Self.delivery(body), consumer: Self.consumer, handler: .succeeds)
        #expect(schedule.error?.className == expectedClass)
        #expect(schedule.outcome == .none)
        #expect(schedule.acknowledgements.isEmpty)
        #expect(schedule.errorSurface == .bunnyConsumerWorkPool)
    }

    @Test func unicodeBodyIsAHashWithIndifferentAccess() throws {
        let result = RubyWorkerModel(profile: Self.schedule131).handle(
            Self.delivery(#"{"name":"Zoë","emoji":"🎉","nested":{"漢":[1,2.5]}}"#), consumer: Self.consumer, handler: .succeeds)
        let message = try #require(result.builtMessage)
        #expect(message.bodyClass == "ActiveSupport::HashWithIndifferentAccess")
        #expect(message.jsonBody == ["name": "Zoë", "emoji": "🎉", "nested": ["漢": [1, 2.5]]])
        #expect(result.outcome == .ack)
    }

    @Test func identitySerializerKeepsBytes() throws {
        var consumer = Self.consumer
        consumer.definition.serializer = .identity
        let result = RubyWorkerModel(profile: Self.plain131).handle(Self.delivery("not json"), consumer: consumer, handler: .succeeds)
        let message = try #require(result.builtMessage)
        #expect(message.body == .raw(Array("not json".utf8)))
        #expect(message.bodyClass == "String")
        #expect(result.outcome == .ack)
    }

    @Test(arguments: [RubyHandlerBehaviour.Call.requeue, .reject])
    func requeueAndRejectPerProfile(call: RubyHandlerBehaviour.Call) {
        let first: RubyAcknowledgement = call == .requeue ? .hutchRequeue(7) : .hutchReject(7)
        let outcome: RubyDeliveryOutcome = call == .requeue ? .requeue : .reject
        let handler = RubyHandlerBehaviour(calls: [call])
        let refusal = Close(replyCode: 406, replyText: "PRECONDITION_FAILED - unknown delivery tag 7", classID: 60, methodID: 80)

        for profile in [Self.plain110, Self.schedule131] {
            let result = RubyWorkerModel(profile: profile).handle(Self.delivery("{}"), consumer: Self.consumer, handler: handler)
            #expect(result.acknowledgements == [first, .hutchAck(7)])
            #expect(result.outcome == outcome)
            #expect(result.serverClose == [refusal])
        }
        let plain = RubyWorkerModel(profile: Self.plain131).handle(Self.delivery("{}"), consumer: Self.consumer, handler: handler)
        #expect(plain.acknowledgements == [first])
        #expect(plain.serverClose.isEmpty)
    }

    @Test func requeueThenRaiseNacksATagAlreadySettled() {
        let result = RubyWorkerModel(profile: Self.plain131).handle(
            Self.delivery("{}"), consumer: Self.consumer, handler: RubyHandlerBehaviour(calls: [.requeue], raises: "RuntimeError"))
        #expect(result.acknowledgements == [.hutchRequeue(7), .hutchNack(7)])
        #expect(result.outcome == .requeue)
        #expect(result.serverClose.first?.methodID == 120)
    }

    @Test func scheduleWorkerNeedsEnqueueConsumers() {
        var consumer = Self.consumer
        consumer.includesEnqueue = false
        let result = RubyWorkerModel(profile: Self.schedule131).handle(Self.delivery("{}"), consumer: consumer, handler: .succeeds)
        #expect(result.outcome == .none)
        #expect(result.error?.className == "NoMethodError")
        #expect(result.errorSurface == .scheduleWorkerPool)
        // Ruby builds the message, but #process never runs and nothing reports the
        // NoMethodError: Concurrent::FixedThreadPool swallows it.
        #expect(result.builtMessage != nil)
        #expect(result.handledMessage == nil)
        #expect(result.reportedError == nil)
    }

    @Test func undecodableBodyUnderTheScheduleWorkerIsReportedByBunny() {
        let result = RubyWorkerModel(profile: Self.schedule131).handle(
            Self.delivery("not json"), consumer: Self.consumer, handler: .succeeds)
        #expect(result.handledMessage == nil)
        #expect(result.reportedError?.className == "MultiJson::ParseError")
    }

    @Test func maxRetryRunsOnlyForEnqueueConsumers() {
        let worker = RubyWorkerModel(profile: Self.schedule131, errorHandlers: [.logger, .maxRetry])
        let retried = worker.handle(Self.delivery("{}"), consumer: Self.consumer, handler: .raising("RuntimeError"))
        #expect(retried.errorHandlers.count == 2)
        #expect(retried.retryDecision?.retried == true)
        #expect(retried.retryDecision?.level?.seconds == 5)

        var plainConsumer = Self.consumer
        plainConsumer.includesEnqueue = false
        let skipped = RubyWorkerModel(profile: Self.plain131, errorHandlers: [.logger, .maxRetry])
            .handle(Self.delivery("{}"), consumer: plainConsumer, handler: .raising("RuntimeError"))
        #expect(skipped.errorHandlers == [.logged, .maxRetrySkipped])
        #expect(skipped.outcome == .nack)
    }

    /// Without Hutch::Schedule.connect, hutch-schedule's core is nil: MaxRetry's
    /// enqueue_in raises NoMethodError (`publish` for nil) and republishes nothing.
    @Test func maxRetryWithoutScheduleConnectRepublishesNothing() throws {
        let connected = RubyWorkerModel(profile: Self.schedule131, errorHandlers: [.maxRetry])
            .handle(Self.delivery("{}"), consumer: Self.consumer, handler: .raising("RuntimeError"))
        #expect(connected.retryDecision?.enqueueError == nil)
        #expect(connected.errorHandlerError == nil)

        let notConnected = RubyWorkerModel(profile: Self.schedule131, errorHandlers: [.maxRetry], scheduleConnected: false)
            .handle(Self.delivery("{}"), consumer: Self.consumer, handler: .raising("RuntimeError"))
        let decision = try #require(notConnected.retryDecision)
        #expect(decision.retried)
        #expect(decision.enqueueError?.message == "undefined method `publish' for nil:NilClass")
        #expect(notConnected.errorHandlerError?.className == "NoMethodError")
        #expect(notConnected.acknowledgements == [.hutchNack(7)])
    }

    @Test func maxRetryErrorEscapesAfterTheNack() {
        let worker = RubyWorkerModel(profile: Self.plain131, errorHandlers: [.maxRetry, .logger])
        let result = worker.handle(
            Self.delivery("{}", headers: FieldTable(pairs: [("x-death", .string("oops"))])),
            consumer: Self.consumer, handler: .raising("ArgumentError"))
        #expect(result.acknowledgements == [.hutchNack(7)])
        #expect(result.error?.className == "ArgumentError")
        #expect(result.errorHandlerError?.className == "NoMethodError")
        #expect(result.errorHandlers.count == 1)
    }

    @Test func delayedDeliveryPerVersion() {
        #expect(RubyDelayedDelivery.reachesConsumer(profile: Self.plain110, policyDeadLetterExchange: false))
        #expect(!RubyDelayedDelivery.reachesConsumer(profile: Self.schedule131, policyDeadLetterExchange: false))
        #expect(RubyDelayedDelivery.reachesConsumer(profile: Self.schedule131, policyDeadLetterExchange: true))
    }
}
