import HutchAMQP
import Synchronization

/// The handler lanes one consumer's subscription has started, each in its own task, the
/// delivery each is handling, and whether they may still settle their deliveries.
///
/// A lane is a task that handles one delivery after another while more are buffered
/// (see `Worker.dispatch`), so that a busy consumer pays no task per delivery.
/// Lanes run in unstructured tasks, not as children of the subscription's task group,
/// so that the worker can stop waiting for a handler that ignores cancellation: at the
/// graceful exit deadline (or when the subscription fails) ``abandon()`` cancels them and
/// the worker returns without them. This is safe because abandoning refuses any later
/// settlement (``maySettle``) before the worker closes the channel: the broker requeues
/// those deliveries, and a late `basic.ack` can never reach a channel that reuses the
/// number. An abandoned task that finishes later only logs and releases its
/// concurrency slots.
final class RunningHandlers: Sendable {
    /// What an abandoned lane's log line names: the delivery it was handling.
    struct Handled: Sendable, Equatable {
        let messageID: String?
        let deliveryTag: UInt64

        init(_ delivery: IncomingDelivery) {
            messageID = delivery.properties.messageID
            deliveryTag = delivery.deliveryTag
        }
    }

    /// A lane's task (`nil` for the moment between its entry and its creation) and the
    /// delivery it handles.
    private typealias Handler = (task: Task<Void, Never>?, handling: Handled)

    private struct State {
        var running: [Int: Handler] = [:]
        var nextID = 0
        var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = ParkingMutex(State())
    /// Set by ``abandon()`` before it takes the lock; read without the lock by every
    /// settlement.
    private let abandoned = Atomic(false)

    /// Whether handlers may still ack, nack or reject: false once abandoned.
    var maySettle: Bool { !abandoned.load(ordering: .acquiring) }

    /// Whether any lane runs.
    var hasRunning: Bool { state.withLock { !$0.running.isEmpty } }

    /// Starts a lane handling `delivery` first: `operation` in its own task (preferring
    /// `executor`, when given), given the lane's number for ``handling(_:lane:)``. The task
    /// is created outside the lock (creating one wakes a thread of the pool) and registered
    /// after: unless it already finished, and cancelled at once when the lanes were
    /// abandoned meanwhile.
    func start(
        _ delivery: IncomingDelivery, executorPreference executor: (any TaskExecutor)? = nil,
        _ operation: @escaping @Sendable (_ lane: Int) async -> Void
    ) {
        let handled = Handled(delivery)
        let id = state.withLock { state -> Int in
            state.nextID += 1
            state.running[state.nextID] = (nil, handled)
            return state.nextID
        }
        let lane: @Sendable () async -> Void = {
            await operation(id)
            self.finished(id)
        }
        // A preference given as nil still flags the task as having one: every executor check
        // of its awaits then reads the preference under the task's status lock.
        let task = executor.map { Task(executorPreference: $0, operation: lane) } ?? Task(operation: lane)
        let cancel = state.withLock { state -> Bool in
            guard let index = state.running.index(forKey: id) else { return false }
            state.running.values[index].task = task
            return abandoned.load(ordering: .acquiring)
        }
        if cancel { task.cancel() }
    }

    /// Lane `lane` handles `delivery` now (the one ``abandon()`` reports for it).
    func handling(_ delivery: IncomingDelivery, lane: Int) {
        let handled = Handled(delivery)
        state.withLock { state in
            // In place, through the dictionary's values: not moved out and back.
            guard let index = state.running.index(forKey: lane) else { return }
            state.running.values[index].handling = handled
        }
    }

    private func finished(_ id: Int) {
        let idle = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running.removeValue(forKey: id)
            guard state.running.isEmpty else { return [] }
            defer { state.idleWaiters = [:] }
            return Array(state.idleWaiters.values)
        }
        for waiter in idle { waiter.resume() }
    }

    /// Returns when no handler runs, when they were abandoned, or when the task is cancelled.
    func waitUntilIdle() async {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.running.isEmpty || abandoned.load(ordering: .acquiring) || Task.isCancelled { return true }
                    state.idleWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.idleWaiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }

    /// Refuses every later settlement, cancels the running lanes and stops waiting for
    /// them; returns the deliveries they were handling (none when abandoned before).
    func abandon() -> [Handled] {
        // Before the lock: a lane registered after this section sees it and cancels itself.
        guard !abandoned.exchange(true, ordering: .acquiringAndReleasing) else { return [] }
        let (running, idle) = state.withLock { state -> ([Handler], [CheckedContinuation<Void, Never>]) in
            defer { state.idleWaiters = [:] }
            return (Array(state.running.values), Array(state.idleWaiters.values))
        }
        for handler in running { handler.task?.cancel() }
        for waiter in idle { waiter.resume() }
        return running.map(\.handling)
    }
}
