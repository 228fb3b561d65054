import Synchronization

/// Waiting for a task's result in a way that honours the waiter's cancellation.
///
/// Awaiting `task.value` ignores the waiting task's cancellation (it only cancels the
/// awaited task when that task is a child). Here the waiter resumes with
/// `CancellationError` as soon as it is cancelled, while `task` goes on for anyone else
/// waiting for it; its owner decides whether to cancel it.
enum CancellableWait {
    /// `task`'s result, or `.failure(CancellationError())` once the calling task is cancelled.
    static func result<Success: Sendable>(of task: Task<Success, any Error>) async -> Result<Success, any Error> {
        let once = ResumeOnce<Result<Success, any Error>>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                once.install(continuation)
                Task { once.resume(with: await task.result) }
            }
        } onCancel: {
            once.resume(with: .failure(CancellationError()))
        }
    }
}

/// A continuation resumed by whichever comes first, exactly once.
private final class ResumeOnce<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Never>?
        var early: Value?
        var done = false
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<Value, Never>) {
        let early = state.withLock { state -> Value? in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    func resume(with value: Value) {
        let continuation = state.withLock { state -> CheckedContinuation<Value, Never>? in
            guard !state.done else { return nil }
            state.done = true
            guard let continuation = state.continuation else {
                state.early = value
                return nil
            }
            state.continuation = nil
            return continuation
        }
        continuation?.resume(returning: value)
    }
}
