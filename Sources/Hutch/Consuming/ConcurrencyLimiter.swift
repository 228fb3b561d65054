/// A counting semaphore for async code: at most ``limit`` holders at once, waiters
/// served in arrival order.
///
/// The worker holds one global limiter (``HutchClientSettings/concurrency``) and one per
/// consumer with a ``HutchConsumer/maxConcurrency``; a delivery's handler starts only
/// when it holds both. Waiting suspends the task, never a thread.
public actor ConcurrencyLimiter {
    /// The most holders at once.
    public nonisolated let limit: Int
    /// How many hold it now.
    public private(set) var inUse = 0
    /// The most that ever held it at once (for tests and metrics).
    public private(set) var highWaterMark = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// A limiter for `limit` holders (at least 1).
    public init(limit: Int) { self.limit = max(limit, 1) }

    /// Waits until fewer than ``limit`` hold it, then holds it.
    public func acquire() async {
        if inUse < limit && waiters.isEmpty {
            take()
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives it up; the longest waiter (if any) holds it next.
    public func release() {
        if waiters.isEmpty {
            inUse = max(inUse - 1, 0)
        } else {
            // The slot passes straight to the next waiter: inUse stays the same.
            waiters.removeFirst().resume()
        }
    }

    private func take() {
        inUse += 1
        highWaterMark = max(highWaterMark, inUse)
    }
}
