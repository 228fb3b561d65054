import Glibc
import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// `Publisher.executor` / `HutchConnection.executor`: confirmed publishes made from a task
/// that prefers it run on the connection's I/O thread without leaving it, and the
/// executor follows the client's connection across reconnects.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(2)))
struct PublisherExecutorLiveTests {
    static let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)

    @Test("Confirmed publishes awaited one by one on the executor stay on the I/O thread and arrive in order")
    func confirmedPublishesOnTheExecutor() async throws {
        let settings = try LiveBroker.settings(profile: Self.profile)
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("executor-publish"))
        let publisher = Publisher(connection: hutch)
        let queue = LiveBroker.uniqueName("executor-publish-q")
        let routingKey = LiveBroker.uniqueName("executor-publish-rk")
        try await publisher.publish("warm-up", ["n": 0], confirm: true)  // declares the exchange
        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await amqp.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: channel)
        try await amqp.declare(
            .queueBind(QueueBind(queue: queue, exchange: settings.topology.mqExchange, routingKey: routingKey)), on: channel)

        let jobsBefore = publisher.executor.enqueuedJobs
        let threads = try await withTaskExecutorPreference(publisher.executor) {
            var threads: Set<UInt> = [UInt(pthread_self())]
            for n in 1...50 {
                try await publisher.publish(routingKey, ["n": n], confirm: true)
                threads.insert(UInt(pthread_self()))
                #expect(publisher.executor.isOnIOThread)
            }
            return threads
        }
        #expect(threads.count == 1, "the publishing task moved between \(threads.count) threads")
        // One job per publish: the `basic.ack` resuming the task. Hops to an actor and back
        // (into the publisher, back from it, its resumption) would each be one more.
        let jobs = publisher.executor.enqueuedJobs - jobsBefore
        #expect(jobs <= 50 + 2, "50 confirmed publishes took \(jobs) executor jobs: more than one each")
        var order: [[String: Int]] = []
        while let message = try await amqp.get(queue: queue, autoAck: true, on: channel) {
            order.append(try RubyJSONDecoder().decode([String: Int].self, from: message.delivery.body))
        }
        #expect(order == (1...50).map { ["n": $0] })

        _ = try? await amqp.deleteQueue(queue, on: channel)
        await amqp.close()
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [])
    }

    @Test("The client's executor runs on the open connection's thread, and on the pool while there is none")
    func theExecutorFollowsTheConnection() async throws {
        let hutch = HutchConnection(settings: try LiveBroker.settings(profile: Self.profile), logger: LiveBroker.logger("executor-follow"))
        let executor = hutch.executor
        func onIOThread(of connection: AMQPConnection?) async -> (client: Bool, connection: Bool) {
            await Task(executorPreference: executor) { (executor.isOnIOThread, connection?.executor.isOnIOThread ?? false) }.value
        }
        #expect(await onIOThread(of: nil) == (false, false), "no connection yet: the global executor")

        let first = try await hutch.connection()
        #expect(await onIOThread(of: first) == (true, true))

        let lost = AMQPError(code: .connectionClosed, operation: .publish, scope: .connection)
        #expect(lost.endsConnection)
        await hutch.connectionFailed(first, error: lost)
        #expect(await onIOThread(of: first) == (false, false), "dropped: the global executor")

        let second = try await hutch.connection()
        #expect(second !== first)
        #expect(await onIOThread(of: second) == (true, true))
        #expect(await onIOThread(of: first).connection == false)
        await hutch.close()
        #expect(await onIOThread(of: second) == (false, false))
    }
}
