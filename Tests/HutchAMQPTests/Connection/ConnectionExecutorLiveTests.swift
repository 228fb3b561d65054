import Dispatch
import Glibc
import HutchConventions
import Synchronization
import Testing

@testable import HutchAMQP

/// `AMQPConnection.executor`: Swift tasks run on the connection's I/O thread, their calls
/// on the connection stay in order with everything else queued, and a task is never lost
/// when the connection stops under it.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(2)))
struct ConnectionExecutorLiveTests {
    /// The calling thread, to tell whether an `await` moved a task to another thread.
    static func currentThread() -> UInt { UInt(pthread_self()) }

    static func body(_ message: FetchedMessage?) -> String? {
        message.map { String(decoding: $0.delivery.body, as: UTF8.self) }
    }

    @Test("A task preferring the executor runs on the I/O thread; others do not")
    func tasksRunOnTheIOThread() async throws {
        try await withLiveConnection { connection in
            let onThread = await Task(executorPreference: connection.executor) {
                (connection.loop.isOnIOThread, connection.executor.isOnIOThread)
            }.value
            #expect(onThread == (true, true))
            let elsewhere = await Task { connection.loop.isOnIOThread }.value
            #expect(!elsewhere)
            #expect(!connection.executor.isOnIOThread)
        }
    }

    @Test("Confirmed and queued publishes from the executor never leave the I/O thread and arrive in the order made")
    func publishesFromTheExecutorStayInlineAndInOrder() async throws {
        let queue = LiveBroker.uniqueName("executor-order-q")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
            try await connection.confirmSelect(on: 1)
            let publish = BasicPublish(exchange: "", routingKey: queue)
            let threads = try await withTaskExecutorPreference(connection.executor) { () async throws -> Set<UInt> in
                var threads: Set<UInt> = [Self.currentThread()]
                for n in 0..<30 {
                    if n.isMultiple(of: 3) {
                        try await connection.queuePublish(
                            publish, properties: BasicProperties(), body: Array("\(n)".utf8), on: 1, blockedTimeout: .seconds(5)
                        ) { _, _ in }
                    } else {
                        try await connection.publishConfirmed(publish, body: Array("\(n)".utf8), on: 1, timeout: .seconds(10))
                    }
                    threads.insert(Self.currentThread())
                    #expect(connection.loop.isOnIOThread)
                }
                return threads
            }
            #expect(threads.count == 1, "the task moved between \(threads.count) threads")
            var bodies: [String] = []
            while let message = try await connection.get(queue: queue, autoAck: true, on: 1) {
                bodies.append(Self.body(message) ?? "")
            }
            #expect(bodies == (0..<30).map { "\($0)" })
        }
    }

    @Test("Work queued from the pool before a task's publish goes out first")
    func executorWorkIsOrderedWithQueuedWork() async throws {
        let queue = LiveBroker.uniqueName("executor-queued-q")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
            let publish = BasicPublish(exchange: "", routingKey: queue)
            // Hold the I/O thread so that what follows is queued behind one another.
            let release = DispatchSemaphore(value: 0)
            await QueuedPublishLiveTests.holdIOThread(connection, release: release)
            try await connection.queuePublish(
                publish, properties: BasicProperties(), body: Array("pool".utf8), on: 1, blockedTimeout: .seconds(5)
            ) { _, _ in }
            let task = Task(executorPreference: connection.executor) {
                try await connection.publish(publish, body: Array("executor".utf8), on: 1)
            }
            release.signal()
            try await task.value
            let first = try await connection.get(queue: queue, autoAck: true, on: 1)
            let second = try await connection.get(queue: queue, autoAck: true, on: 1)
            #expect(Self.body(first) == "pool")
            #expect(Self.body(second) == "executor")
        }
    }

    @Test("While a task on the executor keeps the I/O thread busy turn after turn, the broker's frames are still read")
    func framesAreReadWhileTheThreadIsBusy() async throws {
        try await withLiveConnection { connection in
            // The broker returns a mandatory message no queue is bound for: the handler runs
            // on the I/O thread when the loop reads the `basic.return`.
            let returned = StopFlag()
            try await connection.onReturn(channel: 1) { _ in returned.value.store(true, ordering: .relaxed) }
            let unroutable = BasicPublish(exchange: "", routingKey: LiveBroker.uniqueName("executor-busy-nowhere"), mandatory: true)
            // Queues the publish, then yields back to the executor at once until the return
            // is read (10 s at most): there is always a job queued, so the loop never sleeps.
            let (read, turns) = try await Task(executorPreference: connection.executor) { () async throws -> (Bool, Int) in
                try await connection.queuePublish(
                    unroutable, properties: BasicProperties(), body: Array("busy".utf8), on: 1, blockedTimeout: .seconds(5)
                ) { _, _ in }
                let giveUp = ContinuousClock.now + .seconds(10)
                var turns = 0
                while !returned.value.load(ordering: .relaxed), ContinuousClock.now < giveUp {
                    turns += 1
                    await Task.yield()
                }
                return (returned.value.load(ordering: .relaxed), turns)
            }.value
            #expect(read, "the basic.return was not read in 10 s of busy turns")
            #expect(turns > 0)
        }
    }

    @Test("Tasks queued on the executor when the connection stops all finish, and their calls throw connectionClosed")
    func stoppingWithTasksQueuedLosesNone() async throws {
        let connection = try await AMQPConnection.connect(try LiveBroker.options())
        try await connection.openChannel(1)
        let release = DispatchSemaphore(value: 0)
        await QueuedPublishLiveTests.holdIOThread(connection, release: release)
        let started = StartedTasks()
        let tasks = (0..<10).map { n in
            Task(executorPreference: connection.executor) { () -> AMQPError? in
                started.count.add(1, ordering: .relaxed)
                do throws(AMQPError) {
                    try await connection.publish(BasicPublish(exchange: "", routingKey: "nowhere"), body: Array("\(n)".utf8), on: 1)
                    return nil
                } catch {
                    return error
                }
            }
        }
        #expect(started.count.load(ordering: .relaxed) == 0, "the I/O thread is held: no task can have started")
        connection.loop.stop()
        release.signal()
        var codes: [AMQPError.Code?] = []
        for task in tasks { codes.append(await task.value?.code) }
        #expect(started.count.load(ordering: .relaxed) == 10)
        #expect(codes == Array(repeating: .connectionClosed, count: 10))
    }

    @Test("close() returns once the I/O thread has stopped: work submitted right after is refused, every time")
    func closeReturnsOnceTheThreadHasStopped() async throws {
        // Twenty connections, one after another: before close() waited for the thread, a job
        // submitted the moment it returned was usually still taken, for the thread's last turn.
        for attempt in 1...20 {
            let connection = try await AMQPConnection.connect(try LiveBroker.options())
            try await connection.openChannel(1)
            await connection.close()
            let refused = connection.loop.submit { _ in }
            #expect(refused?.code == .connectionClosed, "attempt \(attempt): a job queued after close() returned was taken")
        }
    }

    @Test("close() from a task on the connection's own executor returns, and the task goes on on the global executor")
    func closeFromTheConnectionsOwnExecutor() async throws {
        let connection = try await AMQPConnection.connect(try LiveBroker.options())
        try await connection.openChannel(1)
        let (closedOnThread, afterOnThread) = await Task(executorPreference: connection.executor) { () -> (Bool, Bool) in
            let before = connection.loop.isOnIOThread
            await connection.close()
            return (before, connection.loop.isOnIOThread)
        }.value
        #expect(closedOnThread, "the task started on the I/O thread")
        #expect(!afterOnThread, "after close() the thread has stopped: the task resumed elsewhere")
    }

    @Test("After the connection closed, tasks on its executor run on the global executor and see it closed")
    func theExecutorOfAClosedConnectionStillRunsTasks() async throws {
        let connection = try await AMQPConnection.connect(try LiveBroker.options())
        try await connection.openChannel(1)
        await connection.close()
        let (onThread, error) = await Task(executorPreference: connection.executor) { () -> (Bool, AMQPError?) in
            do throws(AMQPError) {
                try await connection.openChannel(2)
                return (connection.loop.isOnIOThread, nil)
            } catch {
                return (connection.loop.isOnIOThread, error)
            }
        }.value
        #expect(!onThread)
        #expect(error?.code == .connectionClosed)
    }
}

/// How many tasks have started, shared with them.
private final class StartedTasks: Sendable {
    let count = Atomic<Int>(0)
}

/// Tells a spinning task that what it waits for happened.
private final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}
