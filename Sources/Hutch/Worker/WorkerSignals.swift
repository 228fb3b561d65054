import HutchAMQP

/// The worker's shared flags: whether a stop was requested, how many times it has
/// subscribed, and how its run ended; tasks can wait for each.
final class WorkerSignals: Sendable {
    private struct State {
        var stopping = false
        var subscriptions = 0
        /// Set when ``Worker/run()`` returned (`nil`) or threw.
        var ending: Ending?
        var nextID = 0
        var stopWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var subscriptionWaiters: [Int: (number: Int, continuation: CheckedContinuation<Void, any Error>)] = [:]

        mutating func makeID() -> Int {
            nextID += 1
            return nextID
        }
    }

    private struct Ending { var error: (any Error)? }

    private let state = ParkingMutex(State())

    var isStopping: Bool { state.withLock { $0.stopping } }
    var subscriptions: Int { state.withLock { $0.subscriptions } }

    /// Requests the stop; wakes every stop waiter. Idempotent.
    func stop() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.stopping = true
            let waiting = Array(state.stopWaiters.values)
            state.stopWaiters = [:]
            return waiting
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when a stop is requested or the task is cancelled.
    func waitForStop() async {
        let id = state.withLock { $0.makeID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.stopping || Task.isCancelled { return true }
                    state.stopWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.stopWaiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }

    /// Runs `operation` until it ends, or until a stop is requested: then `operation` is
    /// cancelled and `nil` returned at once, so a stop reaches a connect, a backoff sleep
    /// or any other wait that honours cancellation.
    ///
    /// - Throws: what `operation` throws, or `CancellationError` when the calling task is
    ///   cancelled.
    func unlessStopped<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) async throws -> Value? {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                await self.waitForStop()
                return nil
            }
            defer { group.cancelAll() }
            if let value = try await group.next() ?? nil { return value }
            // The watcher ended: a stop, or the calling task was cancelled.
            if !isStopping { throw CancellationError() }
            return nil
        }
    }

    /// Counts a subscription; wakes those waiting for it.
    func subscribed() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.subscriptions += 1
            let count = state.subscriptions
            let due = state.subscriptionWaiters.filter { $0.value.number <= count }
            for id in due.keys { state.subscriptionWaiters.removeValue(forKey: id) }
            return due.values.map(\.continuation)
        }
        for waiter in ready { waiter.resume() }
    }

    /// Records how ``Worker/run()`` ended (`nil`: it stopped as asked); wakes every
    /// subscription waiter still waiting, with `error` or ``WorkerStoppedBeforeSubscribing``.
    func ended(error: (any Error)?) {
        let (waiters, subscriptions) = state.withLock { state in
            state.ending = Ending(error: error)
            let waiting = state.subscriptionWaiters
            state.subscriptionWaiters = [:]
            return (waiting.values, state.subscriptions)
        }
        for waiter in waiters {
            waiter.continuation.resume(
                throwing: error
                    ?? WorkerStoppedBeforeSubscribing(
                        wanted: waiter.number, subscriptions: subscriptions))
        }
    }

    /// Returns once there were `number` subscriptions; throws what ended the run when it
    /// ended first, or `CancellationError` when the waiting task is cancelled.
    func waitForSubscription(number: Int) async throws {
        let id = state.withLock { $0.makeID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.subscriptions >= number { return .success(()) }
                    if let ending = state.ending {
                        return .failure(
                            ending.error
                                ?? WorkerStoppedBeforeSubscribing(
                                    wanted: number, subscriptions: state.subscriptions))
                    }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.subscriptionWaiters[id] = (number, continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.subscriptionWaiters.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }
}
