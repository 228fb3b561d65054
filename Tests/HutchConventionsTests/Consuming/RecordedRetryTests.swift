import HutchConventions
import Testing

/// Every recorded `retry` case: MaxRetry's count, attempt and delay level.
@Suite struct RecordedRetryTests {
    static let cases = RecordedConsumingCase.load(kind: "retry")

    @Test func corpusIsPresent() {
        #expect(Self.cases.count >= 36)
    }

    @Test(arguments: cases)
    func retry(_ recorded: RecordedConsumingCase) throws {
        let input = recorded.input
        let expected = recorded.expected
        let definition = Typed.consumer(input["consumer"]?.objectValue ?? JSONObject())
        let headers: FieldTable? = try input["headers"].flatMap { $0.isNull ? nil : try Typed.table($0) }
        let payload = try Typed.base64(input["body_base64"]?.stringValue ?? "")

        let decision = MaxRetry.decide(headers: headers, consumer: definition, payload: payload)

        #expect(decision.failureCountError?.className == expected["failure_count_error"]?.stringValue)
        #expect(decision.failureCount == Typed.numeric(expected["failure_count"]))
        #expect(decision.attempt == Typed.numeric(expected["attempt"]))
        #expect(decision.retried == expected["retried"]?.boolValue)
        #expect(decision.delaySeconds == Typed.numeric(expected["delay_seconds"]))
        if let maxAttempts = expected["max_attempts"]?.int64Value {
            #expect(decision.maxAttempts == Int(maxAttempts))
        }
        if let republished = expected["republished"]?.objectValue {
            let level = try #require(decision.level)
            #expect(republished["routing_key"]?.stringValue == level.routingKey(exchange: "hutch"))
            let body = try #require(try decision.republish?.body.get())
            #expect(try RubyJSON.generate(body) == Typed.base64(republished["body_base64"]?.stringValue ?? ""))
        } else {
            #expect(decision.level == nil)
            #expect(decision.republish == nil)
        }
    }
}
