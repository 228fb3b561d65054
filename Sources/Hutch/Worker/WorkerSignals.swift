import Synchronization

/// The worker's shared flags: whether a stop was requested, and how many times it has
/// subscribed; tasks can wait for either.
final class WorkerSignals: Sendable {
    private struct State {
        var stopping = false
        var subscriptions = 0
        var nextID = 0
        var stopWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var subscriptionWaiters: [(number: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    var isStopping: Bool { state.withLock { $0.stopping } }
    var subscriptions: Int { state.withLock { $0.subscriptions } }

    /// Requests the stop; wakes every waiter. Idempotent.
    func stop() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.stopping = true
            let waiting = Array(state.stopWaiters.values) + state.subscriptionWaiters.map(\.continuation)
            state.stopWaiters = [:]
            state.subscriptionWaiters = []
            return waiting
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when a stop is requested or the task is cancelled.
    func waitForStop() async {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
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

    /// Counts a subscription; wakes those waiting for it.
    func subscribed() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.subscriptions += 1
            let count = state.subscriptions
            let due = state.subscriptionWaiters.filter { $0.number <= count }.map(\.continuation)
            state.subscriptionWaiters.removeAll { $0.number <= count }
            return due
        }
        for waiter in ready { waiter.resume() }
    }

    /// Returns once there were `number` subscriptions, or a stop was requested.
    func waitForSubscription(number: Int) async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.subscriptions >= number || state.stopping { return true }
                state.subscriptionWaiters.append((number, continuation))
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
