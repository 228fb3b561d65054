import Synchronization

/// One asynchronous attempt (connecting and opening the publishing channel) that many
/// callers share, each waiting for it only until its own deadline.
///
/// A caller whose deadline passes, or whose task is cancelled, stops waiting at once; the
/// attempt goes on for the others and for later callers. Nothing here blocks a thread.
final class SharedAttempt<Value: Sendable>: Sendable {
    private struct State {
        var result: Result<Value, any Error>?
        var waiters: [Int: CheckedContinuation<Value?, any Error>] = [:]
        /// Outcomes (deadline passed, cancelled) that came before their caller started waiting.
        var early: [Int: Result<Value?, any Error>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Starts `operation` in a task of its own.
    init(_ operation: @escaping @Sendable () async throws -> Value) {
        Task { [self] in
            let result: Result<Value, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            complete(result)
        }
    }

    /// The attempt's value, or `nil` when `deadline` passes first.
    ///
    /// - Throws: the attempt's error, or `CancellationError` when the calling task is cancelled.
    func value(until deadline: ContinuousClock.Instant) async throws -> Value? {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task { [self] in
            do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return }
            resume(id, with: .success(nil))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { state -> Result<Value?, any Error>? in
                    if let result = state.result { return result.map { Optional($0) } }
                    if let early = state.early.removeValue(forKey: id) { return early }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            resume(id, with: .failure(CancellationError()))
        }
    }

    private func resume(_ id: Int, with outcome: Result<Value?, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Value?, any Error>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            if state.result == nil, state.early[id] == nil { state.early[id] = outcome }
            return nil
        }
        waiter?.resume(with: outcome)
    }

    private func complete(_ result: Result<Value, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value?, any Error>] in
            state.result = result
            state.early = [:]
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(with: result.map { Optional($0) }) }
    }
}
