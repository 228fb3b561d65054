import Foundation

/// Runs a command-line tool to completion and captures what it prints.
///
/// The child is spawned with `posix_spawn` and waited for with `waitpid` on a thread of
/// its own, never on Swift's cooperative pool: the pool has one thread per core (two on
/// CI), and a test blocked there stalls every other test's tasks — connects, timers,
/// handlers — for as long as the child runs. (Foundation's `Process` is not used: its
/// termination handling sometimes never fires on Linux, leaving the caller waiting.)
public enum Command {
    /// Runs `executable` with `arguments` (and `environment` added to this process's);
    /// returns its exit status (128 + the signal when a signal ended it) and its standard
    /// output, with standard error appended to it when `includeStandardError`, else
    /// discarded.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], includeStandardError: Bool = false
    ) async throws -> (status: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hutch-command-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if includeStandardError {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        let child = pid
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            }
        }
        return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }
}
