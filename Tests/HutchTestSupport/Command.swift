import Foundation

/// Runs a command-line tool to completion and captures what it prints.
///
/// The child is waited for on a thread of its own, never on Swift's cooperative pool:
/// the pool has one thread per core (two on CI), and a test blocked in
/// `waitUntilExit` there stalls every other test's tasks — connects, timers, handlers —
/// for as long as the child runs.
public enum Command {
    /// Runs `executable` with `arguments` (and `environment` added to this process's);
    /// returns its exit status and its standard output, with standard error appended to
    /// it when `includeStandardError`, else discarded.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], includeStandardError: Bool = false
    ) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments, environment: environment, includeStandardError: includeStandardError)
                })
            }.start()
        }
    }

    private static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String], includeStandardError: Bool
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = includeStandardError ? pipe : FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
