import HutchConventions
import Testing

/// MaxRetry beyond the corpus: odd `x-death` shapes, huge counts, attempts limits.
/// Expected values were checked against hutch-schedule 0.7.3's `failure_count` on Ruby 3.1.
@Suite struct MaxRetryTests {
    static let keys = ["abc.plan"]

    static func entry(_ pairs: [(String, FieldValue)]) -> FieldValue { .table(FieldTable(pairs: pairs)) }
    static func routing(_ keys: String...) -> FieldValue { .array(keys.map(FieldValue.string)) }
    static func xDeath(_ value: FieldValue) -> FieldTable { FieldTable(pairs: [("x-death", value)]) }

    func count(_ headers: FieldTable?, keys: [String] = MaxRetryTests.keys) throws -> RubyNumeric {
        try MaxRetry.failureCount(headers: headers, routingKeys: keys)
    }

    func raised(_ headers: FieldTable?) -> String? {
        do throws(RubyException) {
            _ = try MaxRetry.failureCount(headers: headers, routingKeys: MaxRetryTests.keys)
            return nil
        } catch {
            return error.className
        }
    }

    @Test func absentHeadersCountZero() throws {
        #expect(try count(nil) == .int(0))
        #expect(try count(FieldTable()) == .int(0))
        #expect(try count(Self.xDeath(.void)) == .int(0))
        #expect(try count(Self.xDeath(.array([]))) == .int(0))
    }

    @Test func sumsMatchingEntriesOnly() throws {
        let headers = Self.xDeath(
            .array([
                Self.entry([("count", .int64(2)), ("routing-keys", Self.routing("other"))]),
                Self.entry([("count", .int64(3)), ("routing-keys", Self.routing("x", "abc.plan"))]),
                Self.entry([("count", .int64(4)), ("routing-keys", Self.routing("abc.plan"))])
            ]))
        #expect(try count(headers) == .int(7))
    }

    @Test func firstEntryWithoutCountCountsEntries() throws {
        let headers = Self.xDeath(
            .array([
                Self.entry([("routing-keys", Self.routing("abc.plan"))]),
                Self.entry([("count", .int64(5)), ("routing-keys", Self.routing("abc.plan"))])
            ]))
        #expect(try count(headers) == .int(2))
        // `false` is falsy too; 0 is truthy in Ruby.
        let falseCount = Self.xDeath(.array([Self.entry([("count", .boolean(false)), ("routing-keys", Self.routing("abc.plan"))])]))
        #expect(try count(falseCount) == .int(1))
        let zero = Self.xDeath(.array([Self.entry([("count", .int64(0)), ("routing-keys", Self.routing("abc.plan"))])]))
        #expect(try count(zero) == .int(0))
    }

    @Test func laterEntryWithoutCountRaisesTypeError() {
        let headers = Self.xDeath(
            .array([
                Self.entry([("count", .int64(2)), ("routing-keys", Self.routing("abc.plan"))]),
                Self.entry([("routing-keys", Self.routing("abc.plan"))])
            ]))
        #expect(raised(headers) == "TypeError")
    }

    @Test func oddShapes() {
        #expect(raised(Self.xDeath(.string("abc"))) == "NoMethodError")
        #expect(raised(Self.xDeath(.int64(5))) == "NoMethodError")
        #expect(raised(Self.xDeath(.boolean(true))) == "NoMethodError")
        #expect(raised(Self.xDeath(.array([.int64(5)]))) == "TypeError")
        #expect(raised(Self.xDeath(.array([.array([])]))) == "TypeError")
        #expect(raised(Self.xDeath(.array([.void]))) == "NoMethodError")
        #expect(raised(Self.xDeath(.array([.string("routing-keys")]))) == "NoMethodError")
        #expect(raised(Self.xDeath(.array([.string("abc")]))) == nil)
        // A Hash x-death: `select` yields keys; one containing "routing-keys" raises.
        #expect(raised(Self.xDeath(Self.entry([("count", .int64(1)), ("routing-keys", Self.routing("abc.plan"))]))) == "NoMethodError")
        #expect(raised(Self.xDeath(Self.entry([("count", .int64(1))]))) == nil)
        // routing-keys: blank → no match; non-blank String or number → NoMethodError.
        #expect(raised(Self.xDeath(.array([Self.entry([("count", .int64(3)), ("routing-keys", .string("abc.plan"))])]))) == "NoMethodError")
        #expect(raised(Self.xDeath(.array([Self.entry([("count", .int64(3)), ("routing-keys", .int64(7))])]))) == "NoMethodError")
        #expect(raised(Self.xDeath(.array([Self.entry([("count", .int64(3)), ("routing-keys", .string(" "))])]))) == nil)
        #expect(raised(Self.xDeath(.array([Self.entry([("count", .int64(3))])]))) == nil)
        #expect(
            raised(Self.xDeath(.array([Self.entry([("count", .string("2")), ("routing-keys", Self.routing("abc.plan"))])]))) == "TypeError")
        #expect(
            raised(Self.xDeath(.array([Self.entry([("count", .timestamp(5)), ("routing-keys", Self.routing("abc.plan"))])]))) == "TypeError"
        )
    }

    @Test func floatCountsSumAsFloat() throws {
        let headers = Self.xDeath(
            .array([
                Self.entry([("count", .float64(1.5)), ("routing-keys", Self.routing("abc.plan"))]),
                Self.entry([("count", .int64(2)), ("routing-keys", Self.routing("abc.plan"))])
            ]))
        #expect(try count(headers) == .float(3.5))
    }

    @Test func hugeCountsStayExact() throws {
        let big = FieldValue.int64(Int64.max)
        let headers = Self.xDeath(
            .array([
                Self.entry([("count", big), ("routing-keys", Self.routing("abc.plan"))]),
                Self.entry([("count", big), ("routing-keys", Self.routing("abc.plan"))])
            ]))
        #expect(try count(headers).description == "18446744073709551614")
        let decision = MaxRetry.decide(
            headers: headers, consumer: ConsumerDefinition(className: "C", routingKeys: Self.keys, attempts: Int.max), payload: [])
        #expect(decision.attempt?.description == "18446744073709551615")
        #expect(decision.retried == false)
    }

    @Test func negativeCountRetriesWithLargeDelay() {
        let headers = Self.xDeath(.array([Self.entry([("count", .int64(-5)), ("routing-keys", Self.routing("abc.plan"))])]))
        let decision = MaxRetry.decide(
            headers: headers, consumer: ConsumerDefinition(className: "C", routingKeys: Self.keys, attempts: 1), payload: Array("{}".utf8))
        #expect(decision.attempt == .int(-4))
        #expect(decision.retried)
        #expect(decision.delaySeconds == .int(627))
        #expect(decision.level?.seconds == 1200)
    }

    @Test func nonASCIIRoutingKeysNeverMatch() throws {
        let headers = Self.xDeath(.array([Self.entry([("count", .int64(4)), ("routing-keys", Self.routing("uni.ключ"))])]))
        #expect(try count(headers, keys: ["uni.ключ"]) == .int(0))
    }

    @Test func repeatedHeaderKeyUsesLastValue() throws {
        var headers = Self.xDeath(.array([Self.entry([("count", .int64(1)), ("routing-keys", Self.routing("abc.plan"))])]))
        headers.append("x-death", .array([Self.entry([("count", .int64(9)), ("routing-keys", Self.routing("abc.plan"))])]))
        #expect(try count(headers) == .int(9))
    }

    @Test(arguments: [(0, 0), (-3, 0), (2, 2)])
    func attemptsAreClampedAtZero(attempts: Int, maxAttempts: Int) {
        let decision = MaxRetry.decide(
            headers: nil, consumer: ConsumerDefinition(className: "C", routingKeys: Self.keys, attempts: attempts),
            payload: Array("{}".utf8))
        #expect(decision.maxAttempts == maxAttempts)
        #expect(decision.retried == (maxAttempts >= 1))
    }

    @Test(arguments: [(0, 2, 5), (1, 3, 5), (2, 18, 20), (3, 83, 120), (4, 258, 300), (10, 10002, 10800), (11, 14643, 10800)])
    func retryDelayAndLevel(executes: Int, seconds: Int64, level: Int) {
        let delay = MaxRetry.retryDelay(executes: executes)
        #expect(delay == .int(seconds))
        #expect(DelayLevel(forInterval: delay.doubleValue).seconds == level)
    }

    @Test func republishInputs() throws {
        var headers = FieldTable(pairs: [("CC", .array([.string("abc.plan")])), ("CC", .string("second"))])
        headers.append("h", .string("v"))
        let retried = MaxRetry.decide(
            headers: headers, consumer: ConsumerDefinition(className: "C", routingKeys: Self.keys, attempts: 3),
            payload: Array(#"{"name":"Zoë","n":1.50}"#.utf8))
        #expect(retried.republish?.headers == FieldTable(pairs: [("CC", .string("second")), ("h", .string("v"))]))
        #expect(try retried.republish?.body.get() == ["name": "Zoë", "n": 1.5])

        let unparsable = MaxRetry.decide(
            headers: nil, consumer: ConsumerDefinition(className: "C", routingKeys: Self.keys, attempts: 3), payload: Array("nope".utf8))
        #expect(unparsable.raisedError?.className == "MultiJson::ParseError")
        #expect(unparsable.republish?.headers == FieldTable())
    }
}
