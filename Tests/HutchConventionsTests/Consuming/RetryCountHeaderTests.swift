import HutchConventions
import Testing

@Suite struct RetryCountHeaderTests {
    let counter = RetryCountHeader()
    let xDeath = FieldTable(pairs: [
        ("x-death", .array([.table(FieldTable(pairs: [("count", .int64(3)), ("routing-keys", .array([.string("k")]))]))]))
    ])

    @Test func headerWinsOverXDeath() {
        var headers = xDeath
        headers.append("x-hutch-retry-count", .int64(5))
        #expect(counter.failureCount(headers: headers, routingKeys: ["k"]) == 5)
    }

    @Test func fallsBackToRubyCount() {
        #expect(counter.failureCount(headers: xDeath, routingKeys: ["k"]) == 3)
        #expect(counter.failureCount(headers: nil, routingKeys: ["k"]) == 0)
        #expect(counter.failureCount(headers: FieldTable(pairs: [("x-death", .string("odd"))]), routingKeys: ["k"]) == 0)
    }

    @Test func incrementsInPlace() {
        var headers = FieldTable(pairs: [("a", .string("1")), ("x-hutch-retry-count", .int64(1)), ("b", .void)])
        headers = counter.headersForRetry(headers, failureCount: 1)
        #expect(headers.entries.map(\.key) == ["a", "x-hutch-retry-count", "b"])
        #expect(headers["x-hutch-retry-count"] == .int64(2))
        #expect(counter.headersForRetry(nil, failureCount: Int.max)["x-hutch-retry-count"] == .int64(Int64.max))
    }
}
