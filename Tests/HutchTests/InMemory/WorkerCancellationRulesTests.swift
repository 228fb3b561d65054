import Hutch
import HutchConventions
import InMemoryLogging
import Logging
import Testing

/// A worker whose `run()` task is cancelled ends as cancelled, without reporting its
/// subscription as ended by the broker and setting it up again.
@Suite struct WorkerCancellationRulesTests {
    @Test func aCancelledWorkerEndsWithoutSettingUpAgain() async throws {
        let client = InMemoryHutch(
            settings: InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)),
            label: "cancelled-worker")
        let log = InMemoryLogHandler()
        var logger = Logger(label: "cancelled-worker") { _ in log }
        logger.logLevel = .info
        let worker = Worker(connection: client.hutch, consumers: [LateConsumer()], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()
        running.cancel()
        let ended = await outcome(of: running, within: .seconds(20))
        await client.hutch.close()

        let messages = log.entries.map(\.message.description)
        #expect(messages.contains("worker cancelled"), "\(messages)")
        #expect(!messages.contains { $0.contains("subscription ended") }, "\(messages)")
        guard case .failure(let error)? = ended else { return #expect(Bool(false), "the run ended with \(String(describing: ended))") }
        #expect(error is CancellationError, "\(error)")
    }
}
