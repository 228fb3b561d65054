import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

/// The worker process killed in the middle of a handler (SIGKILL, no shutdown at all):
/// the message it was handling was never acknowledged, so the broker redelivers it to
/// the next worker, flagged as redelivered — nothing is lost.
@Suite struct KilledWorkerLiveTests {
    static let workerBinary: String = {
        // On Linux the test bundle is an executable in the products folder, beside the
        // HutchFaultWorker executable.
        let testBinary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("HutchFaultWorker").path
    }()

    struct RecordingConsumer: HutchConsumer {
        static let queueName: String? = LiveBroker.uniqueName("killed-q")
        static let routingKeys = [LiveBroker.uniqueName("killed-rk")]
        let seen: Collector<(id: String, redelivered: Bool)>
        func process(_ message: ReceivedMessage<JSONValue>) async throws {
            await seen.append((message.messageID ?? "-", message.redelivered))
        }
    }

    @Test(
        LiveBroker.reachable,
        .enabled("the HutchFaultWorker executable is built beside the tests (swift build --build-tests)") {
            FileManager.default.isExecutableFile(atPath: KilledWorkerLiveTests.workerBinary)
        })
    func aMessageWhoseWorkerWasKilledMidHandlerIsRedelivered() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let queue = RecordingConsumer.queueName ?? ""
        let child = try ChildProcess(
            Self.workerBinary,
            environment: [
                "HUTCH_TEST_BROKER_URL": try #require(LiveBroker.url), "EXCHANGE": settings.topology.mqExchange,
                "QUEUE": queue, "ROUTING_KEY": RecordingConsumer.routingKeys[0]
            ])
        defer { child.kill() }
        #expect(await child.waitForLine("subscribed", timeout: .seconds(30)))

        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("killed"))
        let publisher = Publisher(connection: hutch)
        try await publisher.publish(
            RecordingConsumer.routingKeys[0], ["job": "mid-handler"], properties: ["message_id": "killed-1"], confirm: true)
        #expect(await child.waitForLine("started killed-1", timeout: .seconds(10)))
        child.kill()

        let seen = Collector<(id: String, redelivered: Bool)>()
        let worker = Worker(connection: hutch, consumers: [RecordingConsumer(seen: seen)], publisher: publisher)
        let running = start(worker)
        let arrived = await seen.wait(for: 1, timeout: .seconds(15))
        try await Task.sleep(for: .milliseconds(300))
        worker.shutdown()
        try await running.value
        let left = try await LiveBroker.messageCount(queue, settings: settings)
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])
        print(
            "killed worker: 1 message in flight when the process was killed; redelivered \(arrived.count) time(s), redelivered flag \(arrived.map(\.redelivered)), \(left) left"
        )

        #expect(arrived.map(\.id) == ["killed-1"])
        #expect(arrived.first?.redelivered == true)
        #expect(left == 0)
    }
}
