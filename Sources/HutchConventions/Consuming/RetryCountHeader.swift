/// An opt-in retry counter for Swift services: a header the Swift side increments
/// on every retry it republishes (default `x-hutch-retry-count`), falling back to
/// Ruby's `x-death` count when the header is absent.
///
/// Why: MaxRetry counts failures from `x-death`, which it republishes as a client
/// header. From RabbitMQ 3.13 the broker ignores a client-published `x-death` and
/// keeps its own, so the Ruby count stops rising and a consumer retries forever. A
/// counter the publisher owns keeps counting on any broker version.
///
/// This is not what the Ruby gems do, and conformance modelling never uses it
/// (``MaxRetry/failureCount(headers:routingKeys:)`` is the Ruby rule). A Ruby consumer
/// receiving a message retried this way ignores the header.
public struct RetryCountHeader: Sendable, Equatable {
    /// The header name Swift services use unless configured otherwise.
    public static let defaultName = "x-hutch-retry-count"

    /// The header name.
    public var name: String

    /// Creates a counter using header `name`.
    public init(name: String = RetryCountHeader.defaultName) { self.name = name }

    /// Earlier failures: the header's integer value when present (negative values
    /// count as 0), else Ruby's `x-death` count for `routingKeys` (0 when that count
    /// is not a non-negative integer or Ruby would raise).
    public func failureCount(headers: FieldTable?, routingKeys: [String]) -> Int {
        if let value = headers?.rubyLookup(name), let count = value.integerValue {
            return Int(clamping: max(count, 0))
        }
        guard let ruby = try? MaxRetry.failureCount(headers: headers, routingKeys: routingKeys),
            let count = ruby.intValue
        else { return 0 }
        return max(count, 0)
    }

    /// The headers to republish a retry with: the delivered ones with this header set
    /// to `failureCount + 1` (an `l` int64, as bunny writes integers), replacing an
    /// earlier value in place.
    package func headersForRetry(_ headers: FieldTable?, failureCount: Int) -> FieldTable {
        var result = headers ?? FieldTable()
        let (next, overflow) = Int64(clamping: failureCount).addingReportingOverflow(1)
        result.set(name, .int64(overflow ? Int64.max : next))
        return result
    }
}
