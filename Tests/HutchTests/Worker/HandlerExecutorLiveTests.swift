import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

/// Records, for each message, whether its handler ran on the connection's I/O thread.
struct ThreadRecordingConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("handler-executor-q")
    static let routingKeys = [LiveBroker.uniqueName("handler-executor-rk")]
    let executor: ConnectionExecutor
    let onIOThread: Collector<Bool>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws {
        let here = executor.isOnIOThread
        try await Task.sleep(for: .milliseconds(1))  // an await in between: still there after it
        await onIOThread.append(here && executor.isOnIOThread)
    }
}

/// `Worker(handlerExecutor:)`: with the connection's executor the handlers run on its I/O
/// thread (and their messages are acknowledged); by default they run on the cooperative pool.
/// Serialized: both tests consume the one queue of `ThreadRecordingConsumer`.
@Suite(LiveBroker.reachable, .serialized, .timeLimit(.minutes(2))) struct HandlerExecutorLiveTests {
    /// Runs a worker with `handlerExecutor` over 40 messages (4 handlers at once); returns
    /// where each handler ran and how many messages the queue kept.
    static func run(onConnectionExecutor: Bool) async throws -> (onIOThread: [Bool], left: UInt32) {
        var settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        settings.concurrency = 4
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("handler-executor"))
        let onIOThread = Collector<Bool>()
        let worker = Worker(
            connection: hutch, consumers: [ThreadRecordingConsumer(executor: hutch.executor, onIOThread: onIOThread)],
            handlerExecutor: onConnectionExecutor ? hutch.executor : nil)
        let running = start(worker)
        try await worker.waitForSubscription()
        for n in 0..<40 { try await worker.publisher.publish(ThreadRecordingConsumer.routingKeys[0], ["n": n], confirm: true) }
        let recorded = await onIOThread.wait(for: 40, timeout: .seconds(30))
        worker.shutdown()
        try await running.value
        let left = try await LiveBroker.messageCount(ThreadRecordingConsumer.queueName ?? "", settings: settings)
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [ThreadRecordingConsumer.queueName ?? ""])
        return (recorded, left)
    }

    @Test func onTheConnectionsExecutorEveryHandlerRunsOnTheIOThreadAndIsAcknowledged() async throws {
        let (onIOThread, left) = try await Self.run(onConnectionExecutor: true)
        #expect(onIOThread.count == 40)
        #expect(onIOThread.allSatisfy { $0 }, "handlers off the I/O thread: \(onIOThread.filter { !$0 }.count)")
        #expect(left == 0, "every message acknowledged")
    }

    @Test func byDefaultNoHandlerRunsOnTheIOThread() async throws {
        let (onIOThread, left) = try await Self.run(onConnectionExecutor: false)
        #expect(onIOThread.count == 40)
        #expect(onIOThread.allSatisfy { !$0 })
        #expect(left == 0)
    }
}
