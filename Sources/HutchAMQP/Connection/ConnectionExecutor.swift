import Synchronization

/// A task executor that runs Swift tasks on a connection's I/O thread, between the
/// thread's other work, so code that talks to the broker in a tight loop pays no thread
/// hand-off per call.
///
/// Every call on a connection is carried out by its I/O thread (a confirmed publish made
/// while that thread sleeps is written by the caller's thread, its bookkeeping left to the
/// I/O thread). A task on Swift's cooperative pool that awaits a confirmed publish is
/// suspended, and when the broker's `basic.ack` arrives a pool thread is woken to resume
/// it: a wake-up per message, besides the one for the `basic.ack`. A task that prefers
/// this executor runs on the I/O thread itself: its publish is queued without waking
/// anyone, and the `basic.ack` resumes it on the same thread in the next turn of the loop.
///
/// ```swift
/// try await withTaskExecutorPreference(publisher.executor) {
///     for order in orders {
///         try await publisher.publish("orders.created", order, confirm: true)
///     }
/// }
/// ```
///
/// Child tasks inherit the preference (`group.addTask`), and so do the actors they call
/// that have no executor of their own; `Task(executorPreference:)`
/// starts a task there.
///
/// **Code run here must not block and should be short**: while it runs, the connection
/// reads no frames, sends no heartbeats and writes nothing else. Waiting on a semaphore,
/// a lock held across I/O, `sleep`, or synchronous file or network I/O stalls the
/// connection (and a wait for the connection's own work never ends). Await instead:
/// a suspended task costs the thread nothing. CPU-heavy work belongs on the pool.
///
/// Jobs run in the order they are enqueued, interleaved with the connection's queued
/// work; calls made from a job on the connection are queued behind work queued before
/// them, exactly as from any other thread. When the connection has stopped (closed,
/// failed, or released), jobs still queued run during its last turn and later ones on
/// Swift's global concurrent executor: no task is lost or left hanging, it just no longer
/// runs on the I/O thread (and its calls on the stopped connection throw
/// `AMQPError.Code.connectionClosed`).
///
/// A connection's own executor runs on that connection's thread; a `HutchConnection`'s
/// executor follows whichever connection is open (reconnects included), and uses the
/// global concurrent executor while there is none.
public final class ConnectionExecutor: TaskExecutor {
    /// The loop whose thread runs the jobs; `nil` while there is no connection.
    private let loop: ParkingMutex<ConnectionLoop?>
    /// How many jobs were enqueued, wherever they ran (``enqueuedJobs``).
    private let enqueued = Atomic(0)

    init(loop: ConnectionLoop?) {
        self.loop = ParkingMutex(loop)
    }

    /// An executor that follows a connection (``follow(_:)``), none yet.
    package convenience init() {
        self.init(loop: nil)
    }

    /// From now on runs new jobs on `connection`'s I/O thread, or on the global concurrent
    /// executor when `nil` (or when the connection is not a librabbitmq one).
    package func follow(_ connection: (any AMQPTransport)?) {
        let next = (connection as? AMQPConnection)?.loop
        loop.withLock { $0 = next }
    }

    /// Queues `job` on the I/O thread, or on the global concurrent executor once the
    /// connection has stopped (or while there is none).
    public func enqueue(_ job: consuming ExecutorJob) {
        enqueued.wrappingAdd(1, ordering: .relaxed)
        let job = UnownedJob(job)
        if let target = loop.withLock({ $0 }), target.submit(job, on: asUnownedTaskExecutor()) { return }
        globalConcurrentExecutor.enqueue(ExecutorJob(job))
    }

    /// How many jobs were enqueued here so far: each is a turn of a task through the
    /// executor (a start, or a resumption after a suspension or an actor hop), so the
    /// count per operation shows the hops it costs.
    package var enqueuedJobs: Int {
        enqueued.load(ordering: .relaxed)
    }

    /// Whether the caller runs on the thread that currently runs this executor's jobs
    /// (always `false` while they go to the global concurrent executor).
    public var isOnIOThread: Bool {
        loop.withLock { $0 }?.isOnIOThread ?? false
    }
}
