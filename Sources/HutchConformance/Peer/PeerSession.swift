import Foundation
import HutchConventions

/// A running Ruby peer speaking `hutch-peer/1`: commands go to its stdin, events come
/// from its stdout and are kept, in order, for the checks to look through.
///
/// Every wait has a deadline; a peer that goes quiet or away ends the wait, never
/// the run.
package actor PeerSession {
    private let process: PeerProcess
    /// Every event received so far, in order.
    package private(set) var events: [PeerEvent] = []
    /// Lines that were not `hutch-peer/1` events (kept for error messages).
    package private(set) var strayLines: [String] = []

    private init(process: PeerProcess) { self.process = process }

    /// Starts `settings.command` with `arguments` appended and `environment` added to
    /// its environment (where secrets go: a command line is visible to every user), and
    /// reads until `ready`.
    ///
    /// `skipped` gives ``PeerStart/skipped(_:)``; an exit, a start failure or no `ready`
    /// within ``PeerSettings/readyTimeout`` gives ``PeerStart/failed(_:)``, with the reason.
    package static func start(_ settings: PeerSettings, arguments: [String], environment: [String: String] = [:]) async -> PeerStart {
        let process: PeerProcess
        do {
            process = try PeerProcess.start(
                command: settings.command, arguments: arguments, environment: environment, workingDirectory: settings.workingDirectory)
        } catch {
            return .failed("the Ruby peer could not be started: \(error)")
        }
        let session = PeerSession(process: process)
        let deadline = ContinuousClock.now + settings.readyTimeout
        while let event = await session.nextEvent(before: deadline) {
            switch event.kind {
            case .ready:
                return .ready(session, event)
            case .skipped:
                await session.finish()
                return .skipped(event.reason ?? "the Ruby peer skipped without a reason")
            default:
                continue
            }
        }
        let status = await process.waitForExit(before: .now + .milliseconds(500))
        let stderr = process.stderrTail()
        await session.finish()
        let detail = stderr.isEmpty ? "" : ": \(stderr)"
        if let status {
            return .failed("the Ruby peer exited with status \(status) before it was ready\(detail)")
        }
        return .failed("the Ruby peer did not report ready within \(settings.readyTimeout)\(detail)")
    }

    /// Reads the next event, keeping it in ``events``; `nil` when stdout ended or the
    /// deadline passed.
    private func nextEvent(before deadline: ContinuousClock.Instant) async -> PeerEvent? {
        while let line = await process.nextLine(before: deadline) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            do {
                let event = try PeerEvent.parse(line)
                events.append(event)
                return event
            } catch {
                strayLines.append(line)
            }
        }
        return nil
    }

    /// Sends a command.
    package func send(_ command: PeerCommand) throws(PeerProtocolError) {
        try process.write(try command.line())
    }

    /// Reads events until `done` holds for the events received so far (all of them,
    /// not only the new ones), stdout ends, or `timeout` passes; returns whether `done` held.
    @discardableResult
    package func wait(within timeout: Duration, until done: @Sendable ([PeerEvent]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !done(events) {
            guard await nextEvent(before: deadline) != nil else { return done(events) }
        }
        return true
    }

    /// Sends `stop`, waits for `stopped` and the exit, and ends the process when it
    /// does not stop within `timeout`. Returns the `stopped` reason, if there was one.
    @discardableResult
    package func stop(within timeout: Duration = .seconds(10)) async -> String? {
        try? send(.stop)
        await wait(within: timeout) { events in events.contains { $0.kind == .stopped } }
        _ = await process.waitForExit(before: .now + timeout)
        await finish()
        return events.last { $0.kind == .stopped }?.reason
    }

    /// The end of the peer's stderr, for error messages.
    package var stderrTail: String { process.stderrTail() }

    /// Whether the process still runs.
    package var isRunning: Bool { process.isRunning }

    /// Ends the process if it still runs.
    private func finish() async { await process.terminate() }
}
