import Testing

@testable import HutchConventions

/// hutch-schedule's `enqueue`, `enqueue_in`, `enqueue_at` beyond the corpus.
@Suite struct HutchEnqueueTests {
    let environment = PublishEnvironment.fixed(timestamp: 1_700_000_000, messageID: "id")
    let enqueue = HutchEnqueue(routingKeys: ["a.key", "b.key"])

    static let boundaries: [(Double, Int)] = {
        var pairs: [(Double, Int)] = [(0, 5), (-0.0, 5), (0.5, 5), (5, 5)]
        var lower = 0
        for level in DelayLevel.all {
            pairs.append((Double(level.seconds), level.seconds))
            if lower > 0 { pairs.append((Double(lower) + 0.5, level.seconds)) }
            lower = level.seconds
        }
        pairs += [(10800.5, 10800), (-1, 10800), (-0.001, 10800), (.nan, 10800), (.infinity, 10800), (-.infinity, 10800)]
        return pairs
    }()

    @Test(arguments: boundaries)
    func floatLevels(_ interval: Double, _ seconds: Int) throws {
        let message = try enqueue.enqueueIn(.float(interval), .value(["a": 1]), environment: environment)
        #expect(message.routingKey == "hutch.schedule.\(seconds)s")
        #expect(message.properties.expiration == String(seconds * 1000))
        #expect(message.exchange == "hutch.schedule")
    }

    @Test func integerLevels() throws {
        #expect(ScheduleInterval.seconds(5).delayLevel.seconds == 5)
        #expect(ScheduleInterval.seconds(6).delayLevel.seconds == 10)
        #expect(ScheduleInterval.seconds(10801).delayLevel.seconds == 10800)
        #expect(ScheduleInterval.seconds(-1).delayLevel.seconds == 10800)
        let huge = try #require(JSONInteger(decimal: "100000000000000000000000"))
        #expect(ScheduleInterval.integer(huge).delayLevel.seconds == 10800)
        #expect(ScheduleInterval(.int(7)) == .seconds(7))
        #expect(ScheduleInterval(.float(7)) == .float(7))
        #expect(ScheduleInterval("7") == nil)
    }

    @Test func ccIsAppendedBesideCallerCC() throws {
        let message = try enqueue.enqueueIn(
            .seconds(12), .value(1), properties: ["headers": ["CC": ["x"], "y": 1], "expiration": "1"], environment: environment)
        #expect(
            message.properties.headers
                == FieldTable(pairs: [
                    ("CC", .array([.string("x")])), ("y", .int64(1)), ("CC", .array([.string("b.key")]))
                ]))
        #expect(message.properties.expiration == "20000")
    }

    @Test func headerShapes() throws {
        let none = try enqueue.enqueueIn(.seconds(1), .value(1), properties: ["headers": false], environment: environment)
        #expect(none.properties.headers == FieldTable(pairs: [("CC", .array([.string("b.key")]))]))
        do {
            _ = try enqueue.enqueueIn(.seconds(1), .value(1), properties: ["headers": "x"], environment: environment)
            Issue.record("expected NoMethodError")
        } catch { #expect(error.rubyClassName == "NoMethodError") }
    }

    @Test func noRoutingKeys() {
        let empty = HutchEnqueue(routingKeys: [])
        #expect(throws: PublishError(.runtime, "Routing Keys is not set!")) {
            try empty.enqueue(.value(1), environment: environment)
        }
        #expect(throws: PublishError(.runtime, "Routing Keys is not set!")) {
            try empty.enqueueIn(.seconds(1), .value(1), properties: ["headers": "x"], environment: environment)
        }
    }

    @Test func enqueueUsesMainExchangeAndLastKey() throws {
        let message = try HutchEnqueue(routingKeys: ["b", "a", "b", "c"], configuration: PublisherConfiguration(exchange: "jobs"))
            .enqueue(.value(["n": 1]), environment: environment)
        #expect(message.exchange == "jobs")
        #expect(message.routingKey == "c")
        #expect(message.properties.headers == nil)
    }

    @Test func globalPropertiesApplyToSchedulePublisher() throws {
        let configured = HutchEnqueue(
            routingKeys: ["k"], configuration: PublisherConfiguration(globalProperties: ["headers": ["g": 1], "expiration": "7"]))
        let message = try configured.enqueueIn(.seconds(30), .value(1), environment: environment)
        #expect(message.properties.headers == FieldTable(pairs: [("g", .int64(1))]))
        #expect(message.properties.expiration == "7")
        #expect(message.routingKey == "hutch.schedule.30s")
    }

    @Test func enqueueAtIntervals() throws {
        #expect(try HutchEnqueue.interval(at: 100, now: 200) == .oneSecond)
        #expect(try HutchEnqueue.interval(at: 0, now: 1_795_747_193.25) == .oneSecond)
        #expect(try HutchEnqueue.interval(at: 201, now: 200) == .float(1))
        #expect(try HutchEnqueue.interval(at: 200.5, now: 200) == .oneSecond)
        #expect(try HutchEnqueue.interval(at: 300.25, now: 200) == .float(100.25))
        #expect(throws: PublishError.self) { try HutchEnqueue.interval(at: .nan, now: 200) }
        let past = try enqueue.enqueueAt(1, now: 1000, .value(1), environment: environment)
        #expect(past.routingKey == "hutch.schedule.5s")
    }
}
