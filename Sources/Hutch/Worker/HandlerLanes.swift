/// How many handler lanes each consumer of one subscription runs (see `Worker.dispatch`),
/// and whether the lanes must also take the worker's global limiter.
///
/// A consumer runs at most `min(concurrency, maxConcurrency)` handlers at once, one per
/// lane. When the lanes of all consumers together cannot exceed
/// ``HutchClientSettings/concurrency`` (one consumer, or consumers whose limits add up to
/// it), the lanes alone keep the global limit and no delivery pays for the global
/// limiter; otherwise each delivery takes it, as the consumers share it.
struct HandlerLanes: Equatable {
    /// The lanes of each consumer, in order.
    let perConsumer: [Int]
    /// Whether each delivery must also take the global limiter.
    let needGlobalLimit: Bool

    /// The lanes for a worker limited to `concurrency` handlers at once whose consumers
    /// have the given ``HutchConsumer/maxConcurrency`` (a limit below 1 counts as 1, as
    /// ``ConcurrencyLimiter`` counts it).
    init(concurrency: Int, maxConcurrency: [Int?]) {
        let global = max(concurrency, 1)
        perConsumer = maxConcurrency.map { min(global, max($0 ?? global, 1)) }
        needGlobalLimit = perConsumer.reduce(0, +) > global
    }
}
