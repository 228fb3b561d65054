import Foundation
import HutchTestSupport

/// Waits until `condition` holds, checking every 10 ms, for at most `timeout`.
func waitUntil(timeout: Duration, _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while await !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
}

/// How `task` ended, or `nil` when it was still running after `timeout` (a hang: the
/// test reports it instead of hanging too).
func outcome<Success: Sendable>(of task: Task<Success, any Error>, within timeout: Duration) async -> Result<Success, any Error>? {
    let ended = Locked<Result<Success, any Error>?>(nil)
    let watcher = Task {
        let result = await task.result
        ended.withLock { $0 = result }
    }
    try? await waitUntil(timeout: timeout) { ended.value != nil }
    watcher.cancel()
    return ended.value
}
