import Synchronization

/// Runs an operation with a hard deadline: the caller gets its result, or `nil` once
/// the deadline passes — the operation is then cancelled and no longer waited for.
package enum Deadline {
    package static func run<T: Sendable>(
        within limit: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T? {
        let gate = Gate<T>()
        return try await withCheckedThrowingContinuation { continuation in
            gate.install(continuation)
            let work = Task {
                do { gate.finish(.success(try await operation())) } catch { gate.finish(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: limit)
                gate.finish(.success(nil))
                work.cancel()
            }
        }
    }

    /// Resumes the caller once, with the first result.
    private final class Gate<T: Sendable>: Sendable {
        private let continuation = Mutex<CheckedContinuation<T?, any Error>?>(nil)

        func install(_ waiting: CheckedContinuation<T?, any Error>) {
            continuation.withLock { $0 = waiting }
        }

        func finish(_ result: Result<T?, any Error>) {
            let waiting = continuation.withLock { state -> CheckedContinuation<T?, any Error>? in
                defer { state = nil }
                return state
            }
            waiting?.resume(with: result)
        }
    }
}
