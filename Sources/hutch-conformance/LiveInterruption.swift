import Dispatch
import Foundation
import HutchConformance
import HutchConventions
import Synchronization

/// SIGINT and SIGTERM during `live`: the run stops, the vhosts it created are deleted
/// (within its set-up time), and the command exits 128 + the signal — 130 for SIGINT,
/// 143 for SIGTERM. A second signal during the clean-up exits at once.
final class LiveInterruption: Sendable {
    private let runner: LiveRunner
    private let runName: String
    /// The clean-up under way once a signal came (it ends the process).
    private let cleanUp = Mutex<Task<Void, Never>?>(nil)

    /// The clean-up for a run of `runner` whose vhosts are named after `runName`.
    init(runner: LiveRunner, runName: String) {
        self.runner = runner
        self.runName = runName
    }

    /// Replaces the default handlers (which end the process at once) with this clean-up;
    /// returns the signal sources, which must outlive the run.
    func install() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in interrupted(by: number) }
            source.resume()
            return source
        }
    }

    private func interrupted(by number: Int32) {
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        cleanUp.withLock { cleanUp in
            guard cleanUp == nil else {
                StandardError.print("live: \(name) again: exiting without deleting the run's vhosts (\(runName)-*)")
                exit(128 + number)
            }
            StandardError.print("live: interrupted by \(name): stopping, deleting the run's vhosts")
            cleanUp = Self.deleteVirtualHosts(runner: runner, runName: runName, thenExit: 128 + number)
        }
    }

    /// Once a signal came: waits for its clean-up, which ends the process, so the run's
    /// own ending (its results, its exit status) does not end it first.
    func waitIfInterrupted() async {
        await cleanUp.withLock { $0 }?.value
    }

    private static func deleteVirtualHosts(runner: LiveRunner, runName: String, thenExit status: Int32) -> Task<Void, Never> {
        Task {
            do {
                if let deleted = try await runner.deleteVirtualHosts(named: runName) {
                    StandardError.print("live: interrupted: deleted \(deleted.count) vhosts of this run")
                } else {
                    StandardError.print(
                        "live: interrupted: deleting the run's vhosts (\(runName)-*) did not finish in time; delete them by hand")
                }
            } catch {
                StandardError.print(
                    "live: interrupted: could not delete the run's vhosts (\(runName)-*): \(TerminalText.escape(URLRedaction.redacting("\(error)")))"
                )
            }
            exit(status)
        }
    }
}
