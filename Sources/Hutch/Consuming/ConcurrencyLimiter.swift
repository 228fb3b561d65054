/// A counting semaphore for async code: at most ``limit`` holders at once, waiters
/// served in arrival order.
///
/// The worker holds one global limiter (``HutchClientSettings/concurrency``) and one per
/// consumer with a ``HutchConsumer/maxConcurrency``; a delivery's handler starts only
/// when it holds both. Waiting suspends the task, never a thread.
package actor ConcurrencyLimiter {
    /// The most holders at once.
    package nonisolated let limit: Int
    /// How many hold it now.
    package private(set) var inUse = 0
    /// The most that ever held it at once (for tests and metrics).
    package private(set) var highWaterMark = 0
    /// Waiting tasks in arrival order; resumed with `true` when they hold it, `false`
    /// when they gave up (cancelled).
    private var waiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextWaiterID = 0

    /// A limiter for `limit` holders (at least 1).
    package init(limit: Int) { self.limit = max(limit, 1) }

    /// Waits until fewer than ``limit`` hold it, then holds it.
    package func acquire() async {
        if inUse < limit && waiters.isEmpty {
            take()
            return
        }
        nextWaiterID += 1
        let id = nextWaiterID
        _ = await withCheckedContinuation { waiters.append((id, $0)) }
    }

    /// Waits as ``acquire()`` does, but gives up when the task is cancelled.
    ///
    /// - Returns: `true` when it holds the limiter (release it), `false` when the task was
    ///   cancelled first (it holds nothing).
    package func acquireUnlessCancelled() async -> Bool {
        if inUse < limit && waiters.isEmpty {
            take()
            return true
        }
        if Task.isCancelled { return false }
        nextWaiterID += 1
        let id = nextWaiterID
        return await withTaskCancellationHandler {
            await withCheckedContinuation { waiters.append((id, $0)) }
        } onCancel: {
            Task { await self.giveUp(id) }
        }
    }

    private func giveUp(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }

    /// Gives it up; the longest waiter (if any) holds it next.
    package func release() {
        if waiters.isEmpty {
            inUse = max(inUse - 1, 0)
        } else {
            // The slot passes straight to the next waiter: inUse stays the same.
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }

    private func take() {
        inUse += 1
        highWaterMark = max(highWaterMark, inUse)
    }
}
