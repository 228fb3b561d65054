import Foundation

/// A child process whose standard output is read line by line.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `lines` is only touched under `lock`; Process is used from the test task.
    private let process = Process()
    private let lock = NSLock()
    private var lines: [String] = []
    private var partial = ""

    public init(_ executable: String, arguments: [String] = [], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.partial += String(decoding: data, as: UTF8.self)
            while let newline = self.partial.firstIndex(of: "\n") {
                self.lines.append(String(self.partial[..<newline]))
                self.partial = String(self.partial[self.partial.index(after: newline)...])
            }
            self.lock.unlock()
        }
        try process.run()
    }

    private func has(_ line: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return lines.contains(line)
    }

    /// Waits until the child printed `line`; false when `timeout` passed first.
    public func waitForLine(_ line: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if has(line) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return has(line)
    }

    /// The lines printed so far.
    public var output: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }

    /// Waits (at most `timeout`) for the child to exit by itself; its status, or `nil` when it still runs.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Sends `signal` (SIGINT, SIGTERM) to the child while it runs.
    public func send(_ signal: Int32) {
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
    }

    /// SIGKILL: no handler, no cleanup, no goodbye to the broker.
    public func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
