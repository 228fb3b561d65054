import Foundation
import HutchConventions
import Synchronization

/// The Ruby peer as a child process: started through `/bin/sh` so that the command
/// line may carry its own arguments (`ruby -I… ruby-fixtures/peer.rb`), with pipes
/// for stdin, stdout and stderr.
///
/// Output is read by `FileHandle.readabilityHandler` on Foundation's own threads and
/// kept behind a lock; callers poll for lines with a deadline, so no wait blocks the
/// cooperative pool and none is unbounded.
final class PeerProcess: Sendable {
    /// What the pipes delivered so far, and how the process ended.
    private struct Output: Sendable {
        var lines: [String] = []
        var splitter = PeerLineSplitter()
        var stdoutEnded = false
        var stderr: [UInt8] = []
    }

    /// How much of stderr is kept (its end), for error messages.
    static let stderrLimit = 16_384

    /// `Process` is used only through its thread-safe calls (`isRunning`,
    /// `terminationStatus`, `processIdentifier`, `terminate`) after `run()`.
    private struct Handle: @unchecked Sendable {
        let process: Process
        let stdin: FileHandle
        let stdout: FileHandle
        let stderr: FileHandle
    }

    private let handle: Handle
    private let output = Mutex(Output())

    /// The process id.
    var processIdentifier: Int32 { handle.process.processIdentifier }

    private init(handle: Handle) { self.handle = handle }

    /// Starts `command` (a shell command line) with `arguments` appended, each passed
    /// as one argument, with `environment` added to this process's environment, in
    /// `workingDirectory` (default: the current one).
    static func start(
        command: String, arguments: [String], environment: [String: String] = [:], workingDirectory: String?
    ) throws(PeerProtocolError) -> PeerProcess {
        // A write to a peer that already exited must fail with EPIPE, not kill this process.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \(command) \"$@\"", "hutch-peer"] + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let peer = PeerProcess(
            handle: Handle(
                process: process, stdin: stdin.fileHandleForWriting,
                stdout: stdout.fileHandleForReading, stderr: stderr.fileHandleForReading))
        // The handlers hold the peer until its pipes end (they are cleared at EOF).
        stdout.fileHandleForReading.readabilityHandler = { file in
            let data = file.availableData
            peer.receivedStdout(data)
            if data.isEmpty { file.readabilityHandler = nil }
        }
        stderr.fileHandleForReading.readabilityHandler = { file in
            let data = file.availableData
            peer.receivedStderr(data)
            if data.isEmpty { file.readabilityHandler = nil }
        }
        do {
            try process.run()
        } catch {
            stdout.fileHandleForReading.readabilityHandler = nil
            stderr.fileHandleForReading.readabilityHandler = nil
            throw PeerProtocolError("cannot start /bin/sh for \(command): \(error)")
        }
        return peer
    }

    private func receivedStdout(_ data: Data) {
        output.withLock { state in
            if data.isEmpty {
                state.stdoutEnded = true
                if let last = state.splitter.finish() { state.lines.append(last) }
            } else {
                state.lines += state.splitter.append(data)
            }
        }
    }

    private func receivedStderr(_ data: Data) {
        guard !data.isEmpty else { return }
        output.withLock { state in
            state.stderr += data
            if state.stderr.count > Self.stderrLimit { state.stderr.removeFirst(state.stderr.count - Self.stderrLimit) }
        }
    }

    /// The next stdout line: waits until one arrives, stdout ends (`nil`), or the
    /// deadline passes (`nil`).
    func nextLine(before deadline: ContinuousClock.Instant) async -> String? {
        while true {
            let (line, ended) = output.withLock { state -> (String?, Bool) in
                if !state.lines.isEmpty { return (state.lines.removeFirst(), false) }
                return (nil, state.stdoutEnded)
            }
            if let line { return line }
            if ended || ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Whether stdout has ended and every line was taken.
    var isDrained: Bool { output.withLock { $0.stdoutEnded && $0.lines.isEmpty } }

    /// The last lines of stderr (at most `limit`), for error messages, with any URL's
    /// password hidden.
    func stderrTail(lines limit: Int = 5) -> String {
        let text = output.withLock { String(decoding: $0.stderr, as: UTF8.self) }
        return text.split(separator: "\n", omittingEmptySubsequences: true).suffix(limit).map { URLRedaction.redacting(String($0)) }
            .joined(separator: " | ")
    }

    /// Writes `text` to the peer's stdin.
    func write(_ text: String) throws(PeerProtocolError) {
        do {
            try handle.stdin.write(contentsOf: Data(text.utf8))
        } catch {
            throw PeerProtocolError("cannot write to the peer's stdin: \(error)")
        }
    }

    /// Whether the process still runs.
    var isRunning: Bool { handle.process.isRunning }

    /// The exit status once the process has exited.
    var exitStatus: Int32? { handle.process.isRunning ? nil : handle.process.terminationStatus }

    /// Waits until the process exits or the deadline passes; returns its exit status.
    func waitForExit(before deadline: ContinuousClock.Instant) async -> Int32? {
        while handle.process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return handle.process.terminationStatus
    }

    /// Ends the process: closes its stdin, sends SIGTERM, and SIGKILL when it has not
    /// exited within `grace`.
    ///
    /// The child inherits the signal mask of the thread that started it, and the
    /// threads of Swift's concurrency pool block SIGTERM and SIGINT: a peer started
    /// from one does not see SIGTERM, so the `stop` command is the normal way out and
    /// SIGKILL the bound.
    func terminate(grace: Duration = .seconds(2)) async {
        try? handle.stdin.close()
        guard handle.process.isRunning else { return }
        handle.process.terminate()
        if await waitForExit(before: .now + grace) == nil {
            kill(handle.process.processIdentifier, SIGKILL)
            _ = await waitForExit(before: .now + .seconds(2))
        }
    }
}
