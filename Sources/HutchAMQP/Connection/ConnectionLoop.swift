import Foundation
import HutchConventions

/// The dedicated OS thread of one connection and its job queue.
///
/// librabbitmq is blocking and not thread-safe, so every call for a connection runs on
/// this one thread: async callers enqueue jobs (``submit(_:)``) and the thread runs them
/// in order, then reads whatever frames the broker sent, then sleeps in `poll(2)` on the
/// socket and a wake pipe until the next job, frame or timer (heartbeat, confirm timeout).
/// Swift tasks that prefer the connection's ``ConnectionExecutor`` run here too, as jobs
/// in the same queue.
final class ConnectionLoop: @unchecked Sendable {
    // @unchecked Sendable: `queue` is a lock; `wake` is thread-safe; `core` and the turn's
    // buffers (`turnAcks`, `turnPublishes`) are touched only by the I/O thread (jobs receive
    // the core as an argument there), never by callers.

    /// Work for the I/O thread.
    typealias Job = @Sendable (ConnectionCore) -> Void

    /// What the thread runs, in the order queued: jobs, acks that consecutive ones of
    /// may be joined (``ConnectionCore/sendQueuedAcks(_:)``), publishes without
    /// confirms nobody waits for (``ConnectionCore/publishQueued(_:)``), and Swift tasks'
    /// jobs of a ``ConnectionExecutor`` (run as that executor).
    private enum Work {
        case job(Job)
        case ack(QueuedAck)
        case publish(QueuedPublish)
        case task(UnownedJob, UnownedTaskExecutor)
        /// A publish a caller wrote itself (``writeDirectly(_:)``): its bookkeeping, and
        /// the bytes the socket did not take at once.
        case written(QueuedPublish, rest: [UInt8])
    }

    private struct Queue {
        var jobs: [Work] = []
        var stopping = false
        var stopped = false
        /// The thread's last turn is over: what was queued before `stopped` ran.
        var finished = false
        /// Callers of ``finish()`` waiting for the last turn to be over.
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
        /// The thread found nothing to do and is (about to be) waiting in `poll(2)`: only
        /// then does a new job need to write to the wake pipe.
        var sleeping = false
        /// What lets a caller write a publish itself, and how many callers did, since the
        /// thread last went to sleep: set with `sleeping` and read only while it holds.
        var permit: DirectPublishPermit?
        var writtenUnderPermit = 0
        /// Encodes the publishes callers write themselves (made with the first permit).
        var directFrames: SocketFrameWriter?
        /// How many publishes callers wrote themselves, and how many of those the socket
        /// took only in part.
        var directWrites = DirectWrites()
    }

    /// How many publishes callers wrote themselves (``writeDirectly(_:)``), and how many of
    /// those left a rest for the I/O thread.
    struct DirectWrites: Equatable {
        var written = 0
        var leftRest = 0
    }

    private let queue = ParkingMutex(Queue())
    private let wake: WakePipe
    /// Whether the broker has blocked the connection; readable from any thread.
    let blockedNotice = BlockedNotice()
    /// What a queued publish would be refused for; readable from any thread.
    let publishRefusals = PublishRefusals()
    /// The bytes of queued publishes the thread has not taken yet, bounded.
    let publishBacklog = PublishBacklog()
    private let core: ConnectionCore
    /// The acks and publishes ``perform(_:)`` gathers in a turn, their buffers kept from turn
    /// to turn (a new array per turn was an allocation per confirmed publish awaited one by
    /// one). Unchecked exclusivity: only `perform(_:)` on the I/O thread touches them, and
    /// never while it hands them to the core.
    @exclusivity(unchecked) private var turnAcks: [QueuedAck] = []
    @exclusivity(unchecked) private var turnPublishes: [QueuedPublish] = []
    /// The I/O thread's identity, to check confinement (``isOnIOThread``).
    let confinement = IOThreadConfinement()

    /// Starts the thread; `nil` when no wake pipe could be made.
    init?() {
        guard let wake = WakePipe() else { return nil }
        self.wake = wake
        self.core = ConnectionCore(blockedNotice: blockedNotice, refusals: publishRefusals, confinement: confinement)
        let thread = Thread { [self] in
            confinement.claim()
            run()
            confinement.release()
        }
        thread.name = "hutch-amqp-io"
        thread.start()
    }

    /// Queues `job`; returns the error to report instead when the loop has stopped.
    func submit(_ job: @escaping Job) -> AMQPError? {
        enqueue(.job(job))
    }

    /// Queues a `basic.ack`; returns the error to report instead when the loop has stopped.
    func submit(_ ack: QueuedAck) -> AMQPError? {
        enqueue(.ack(ack))
    }

    /// Queues a publish (its ``QueuedPublish/reservedBytes`` reserved in ``publishBacklog``);
    /// returns the error to report instead when the loop has stopped.
    func submit(_ publish: QueuedPublish) -> AMQPError? {
        enqueue(.publish(publish))
    }

    /// Queues a Swift task's job, to run as `executor`; `false` when the loop has stopped
    /// (the job is then the caller's to run elsewhere).
    func submit(_ job: UnownedJob, on executor: UnownedTaskExecutor) -> Bool {
        enqueue(.task(job, executor)) == nil
    }

    /// Queues publishes in the order given, with one wake-up for all of them; returns the
    /// error to report for each instead when the loop has stopped.
    func submit(_ publishes: [QueuedPublish]) -> AMQPError? {
        enqueue { $0.append(contentsOf: publishes.lazy.map(Work.publish)) }
    }

    private func enqueue(_ work: Work) -> AMQPError? {
        enqueue { $0.append(work) }
    }

    private func enqueue(_ add: (inout [Work]) -> Void) -> AMQPError? {
        let (accepted, wakeUp) = queue.withLock { queue -> (Bool, Bool) in
            guard !queue.stopped else { return (false, false) }
            add(&queue.jobs)
            let sleeping = queue.sleeping
            queue.sleeping = false
            return (true, sleeping)
        }
        guard accepted else { return AMQPError(code: .connectionClosed, operation: .close, scope: .connection) }
        // An awake thread takes the job on its next turn without being woken.
        if wakeUp { wake.signal() }
        return nil
    }

    /// Writes a publish's frames from the calling thread when the I/O thread sleeps and its
    /// ``DirectPublishPermit`` allows it, and queues the publish's bookkeeping for the
    /// thread, which the `basic.ack` (or its next frame or timer) wakes; a signal wakes it
    /// now when a confirm is due before the thread would wake on its own, or the socket took
    /// only part of the frames.
    ///
    /// The message's frames are encoded straight into the loop's own buffer, and
    /// `bookkeeping` gives the ``QueuedPublish`` the thread records (a confirmed publish, or
    /// one the socket took only part of) only when one is needed. `confirmExpiry` is when a
    /// confirmed publish's confirm is due, `nil` for a publish without confirms. Inlined:
    /// called, the closure copied the properties it captures for every publish (about 300
    /// instructions), though it runs for few of them.
    ///
    /// - Returns: `false` when nothing was written (the thread is awake, no permit, a body
    ///   over ``DirectPublishPermit/largestBody``, a value the wire cannot carry, a full or
    ///   failed socket): the caller queues the publish with `submit(_:)`.
    @inline(__always)
    func writeDirectly(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, confirmExpiry: InlineInstant?,
        bookkeeping: () -> QueuedPublish
    ) -> Bool {
        guard body.count <= DirectPublishPermit.largestBody else { return false }
        let (written, wakeUp) = queue.withLock { queue -> (Bool, Bool) in
            guard queue.sleeping, !queue.stopping, let permit = queue.permit,
                queue.writtenUnderPermit < DirectPublishPermit.writesPerSleep,
                permit.allows(channel: channel, confirmed: confirmExpiry != nil)
            else { return (false, false) }
            let frames = queue.directFrames ?? SocketFrameWriter(frameMax: permit.frameMax, writeTimeout: .zero)
            queue.directFrames = frames
            do throws(CodecError) {
                try frames.append(method, properties: properties, body: body, channel: channel)
            } catch {
                return (false, false)
            }
            guard let rest = frames.writeWithoutWaiting(to: permit.socket) else { return (false, false) }
            // A publish without confirms, written whole, leaves the thread nothing to do.
            if confirmExpiry != nil || !rest.isEmpty { queue.jobs.append(.written(bookkeeping(), rest: rest)) }
            queue.directWrites.written += 1
            queue.writtenUnderPermit += 1
            if !rest.isEmpty { queue.directWrites.leftRest += 1 }
            let confirmDueFirst = confirmExpiry.map { $0 < permit.wakesBy } ?? false
            guard !rest.isEmpty || confirmDueFirst else { return (true, false) }
            queue.sleeping = false
            return (true, true)
        }
        if wakeUp { wake.signal() }
        return written
    }

    /// How many publishes callers wrote themselves (``writeDirectly(_:)``).
    var directWrites: DirectWrites { queue.withLock { $0.directWrites } }

    /// Whether the thread sleeps with a ``DirectPublishPermit`` out: a publish it allows is
    /// written by its caller now.
    var permitsDirectWrites: Bool {
        queue.withLock {
            $0.sleeping && !$0.stopping && $0.permit != nil && $0.writtenUnderPermit < DirectPublishPermit.writesPerSleep
        }
    }

    /// Asks the thread to close the connection gracefully and exit. Idempotent.
    func stop() {
        queue.withLock { $0.stopping = true }
        wake.signal()
    }

    /// ``stop()``, then returns once the thread's last turn is over: the jobs queued before
    /// the stop have run (tasks of the connection's executor among them, on this thread),
    /// and every job queued from now on is refused (a task's job then runs on the global
    /// concurrent executor), so nothing runs on the thread any more. The wait costs no
    /// thread: the caller is resumed by the thread's last turn.
    func finish() async {
        stop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let over = queue.withLock { queue -> Bool in
                guard !queue.finished else { return true }
                queue.finishWaiters.append(continuation)
                return false
            }
            if over { continuation.resume() }
        }
    }

    /// Whether the caller runs on this connection's I/O thread.
    var isOnIOThread: Bool { confinement.isOnIOThread }

    /// How long frames may wait while queued work keeps the thread busy: a confirmed
    /// publish from the connection's executor takes several turns (the task resumes, hops
    /// through the publisher, queues the next message) that need not each look at the socket.
    private static let busyReadInterval = Duration.microseconds(100)

    private func run() {
        confinement.assertOnIOThread()
        // Whether the socket may have frames or a timer is due. A turn woken only by the
        // pipe (new jobs) skips reading: the next `poll(2)` returns at once if frames came,
        // and a serial publisher's turn costs no `recv` that finds nothing.
        var readDue = true
        // While queued work keeps the thread busy, the socket is looked at no more often
        // than every `busyReadInterval`: the turns right after a read skip the look.
        var nextBusyRead = ContinuousClock.now
        // The turn's work, taken from the queue by swapping buffers: the queue gets this
        // emptied one back, capacity kept, so a job queued next appends without allocating
        // a new buffer (two per confirmed publish awaited one by one on the executor).
        var jobs: [Work] = []
        while true {
            let stopping = queue.withLock { queue in
                swap(&jobs, &queue.jobs)
                return queue.stopping
            }
            let ranTask = perform(jobs)
            Self.empty(&jobs)
            if ranTask, !stopping {
                // A task ran here (a publisher resumed on the connection's executor): what it
                // queued — its next publish — is done in this turn, once, not after another
                // look at the socket and the queue.
                queue.withLock { swap(&jobs, &$0.jobs) }
                perform(jobs)
                Self.empty(&jobs)
            }
            if stopping {
                core.shutdown()
                let rest = queue.withLock { queue in
                    queue.stopped = true
                    let jobs = queue.jobs
                    queue.jobs = []
                    return jobs
                }
                perform(rest)
                publishBacklog.close(with: AMQPError(code: .connectionClosed, operation: .publish, scope: .connection))
                let waiters = queue.withLock { queue in
                    queue.finished = true
                    defer { queue.finishWaiters = [] }
                    return queue.finishWaiters
                }
                for waiter in waiters { waiter.resume() }
                return
            }
            if readDue || core.hasBufferedInput {
                nextBusyRead = core.pump() + Self.busyReadInterval
            }
            readDue = true
            if core.hasBufferedInput { continue }
            // Deciding to sleep and recording it is one step under the lock, so a job
            // queued after it sees `sleeping` and signals; so is the permit for callers to
            // write confirmed publishes themselves meanwhile.
            // One clock reading serves the sleep's timeout and the permit's horizon.
            let now = ContinuousClock.now
            let (busy, timeout) = queue.withLock { queue -> (Bool, Int32) in
                let busy = !queue.jobs.isEmpty || queue.stopping
                queue.sleeping = !busy
                guard !busy else { return (true, 0) }
                let timeout = core.waitTimeoutMilliseconds(from: now)
                queue.permit = core.directPublishPermit(wakesBy: now + .milliseconds(timeout))
                queue.writtenUnderPermit = 0
                return (false, timeout)
            }
            if busy {
                // More work is queued (often by the jobs just run, e.g. a task on the
                // connection's executor): read in the next turn only when frames came or
                // a timer is due, checked with one `poll(2)` that does not wait, instead
                // of a `recv` and a `poll` that find nothing.
                readDue = false
                if now >= nextBusyRead {
                    nextBusyRead = now + Self.busyReadInterval
                    readDue = wake.socketIsReadable(core.socketDescriptor) || core.waitTimeoutMilliseconds(from: now) == 0
                }
                continue
            }
            readDue = wake.wait(socket: core.socketDescriptor, timeoutMilliseconds: timeout)
            queue.withLock { $0.sleeping = false }
        }
    }

    /// The most a turn's buffer keeps room for once emptied: a larger burst's buffer
    /// is given back rather than held for the connection's life.
    private static let keptBufferCapacity = 256

    /// Empties a turn's buffer (of work, acks or publishes done, releasing them) for reuse.
    private static func empty<Element>(_ buffer: inout [Element]) {
        // Most turns have nothing to empty, and removing nothing still costs a generic
        // `replaceSubrange`.
        guard !buffer.isEmpty else { return }
        buffer.removeAll(keepingCapacity: buffer.capacity <= keptBufferCapacity)
    }

    /// Runs `works` in order; acks queued one after another go out together, and so do
    /// publishes, before the next work of another kind. Returns whether a task ran.
    @discardableResult
    private func perform(_ works: [Work]) -> Bool {
        var ranTask = false
        func flush() {
            if !turnAcks.isEmpty {
                core.sendQueuedAcks(turnAcks)
                Self.empty(&turnAcks)
            }
            if !turnPublishes.isEmpty {
                core.publishQueued(turnPublishes)
                publishBacklog.release(turnPublishes.reduce(0) { $0 + $1.reservedBytes })
                Self.empty(&turnPublishes)
            }
        }
        for work in works {
            switch work {
            case .ack(let ack):
                if !turnPublishes.isEmpty { flush() }
                turnAcks.append(ack)
            case .publish(let publish):
                if !turnAcks.isEmpty { flush() }
                turnPublishes.append(publish)
            case .job(let job):
                flush()
                job(core)
            case .written(let publish, let rest):
                flush()
                core.publishWrittenDirectly(publish, rest: rest)
            case .task(let job, let executor):
                // What the task asks of the connection is queued behind this turn's work,
                // so the acks and publishes gathered so far can still go out together.
                job.runSynchronously(on: executor)
                ranTask = true
            }
        }
        flush()
        return ranTask
    }
}
