/// One consumer's deliveries on their way from the I/O thread to its
/// ``AMQPDeliveries``: a buffer the I/O thread appends to and readers take from.
///
/// A reader waits only when the buffer is empty, and one wake-up hands over every
/// delivery the I/O thread appends until the reader comes back: while the reader is busy,
/// handing over a delivery is one lock and an append, without waking anybody. Several
/// tasks may take from one feed at once (the worker's handler lanes); each delivery goes
/// to exactly one of them, in the order the broker sent them.
///
/// When the consumer's channel (or the whole connection) dies, deliveries still
/// buffered for the reader can no longer be acknowledged — the broker has already
/// put them back in their queue — so the feed drops them and the reader gets the
/// error at once instead of handling messages that will come again.
/// A consumer that ends while its channel lives (cancelled by the client or the
/// broker) keeps its buffered deliveries: they can still be acknowledged.
///
/// A reader that stops — its task is cancelled while it waits, or every
/// ``AMQPDeliveries`` value is dropped — ends the deliveries for the reader and runs the
/// handler set with ``onReaderStopped(_:)`` once (the connection cancels the consumer).
///
/// `package` so that another source of deliveries in the package (the in-memory broker
/// of `HutchTesting`) feeds an ``AMQPDeliveries`` the same way; make one with
/// ``AMQPDeliveries/makeFed(onCancel:)``.
package final class DeliveryFeed: Sendable {
    /// How the deliveries ended.
    private enum End {
        /// Normally: what is buffered is still read, then `nil`.
        case finished
        /// With an error, thrown once what is buffered is read.
        case failed(AMQPError)
    }

    private struct State {
        /// Deliveries not taken yet from `head` on; taken slots are `nil` until compacted.
        var buffer: [IncomingDelivery?] = []
        var head = 0
        var end: End?
        /// The reader stopped: nothing more is handed out.
        var readerStopped = false
        var onReaderStopped: (@Sendable () -> Void)?
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
        var nextWaiterID: UInt64 = 0

        var hasBuffered: Bool { head < buffer.count }
        var isReadable: Bool { hasBuffered || end != nil || readerStopped }

        mutating func takeBuffered() -> IncomingDelivery? {
            guard !readerStopped, hasBuffered else { return nil }
            let delivery = buffer[head].take()
            head += 1
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            return delivery
        }

        /// Ends the deliveries (the first end counts); returns the waiters to wake.
        mutating func ended(_ end: End, dropBuffered: Bool) -> [CheckedContinuation<Void, Never>] {
            if self.end == nil { self.end = end }
            if dropBuffered {
                buffer = []
                head = 0
            }
            return takeWaiters()
        }

        mutating func takeWaiters() -> [CheckedContinuation<Void, Never>] {
            guard !waiters.isEmpty else { return [] }
            defer { waiters = [] }
            return waiters.map(\.continuation)
        }
    }

    private let state = ParkingMutex(State())

    init() {}

    // MARK: The I/O thread's side

    /// Hands a delivery to the readers; dropped once the deliveries ended or the reader stopped.
    /// The delivery is moved into the buffer, not copied (a copy retains each of its strings).
    package func yield(_ delivery: consuming IncomingDelivery) {
        var handedOver = Optional(delivery)
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.end == nil, !state.readerStopped else { return [] }
            state.buffer.append(handedOver.take())
            return state.takeWaiters()
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Ends the deliveries normally; buffered ones are still read.
    package func finish() {
        for waiter in state.withLock({ $0.ended(.finished, dropBuffered: false) }) { waiter.resume() }
    }

    /// Ends the deliveries with `error` while the channel lives; buffered ones are still read.
    package func finish(throwing error: AMQPError) {
        for waiter in state.withLock({ $0.ended(.failed(error), dropBuffered: false) }) { waiter.resume() }
    }

    /// Ends the deliveries because their channel died: buffered ones are dropped.
    package func channelDied(_ error: AMQPError) {
        for waiter in state.withLock({ $0.ended(.failed(error), dropBuffered: true) }) { waiter.resume() }
    }

    // MARK: The readers' side

    /// Runs `handler` once when the reader stops before the deliveries ended (at once
    /// when it already has).
    package func onReaderStopped(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            guard state.end == nil else { return false }
            if state.readerStopped { return true }
            state.onReaderStopped = handler
            return false
        }
        if runNow { handler() }
    }

    /// The reader stopped (cancelled while waiting, or every ``AMQPDeliveries`` dropped).
    func readerStopped() {
        let (handler, waiters) = state.withLock { state -> ((@Sendable () -> Void)?, [CheckedContinuation<Void, Never>]) in
            guard !state.readerStopped else { return (nil, []) }
            state.readerStopped = true
            state.buffer = []
            state.head = 0
            defer { state.onReaderStopped = nil }
            return (state.end == nil ? state.onReaderStopped : nil, state.takeWaiters())
        }
        for waiter in waiters { waiter.resume() }
        handler?()
    }

    /// The next delivery, taken at once when one is buffered, else waited for; `nil` at
    /// the end (or when the waiting task is cancelled: the reader stops), or the error
    /// that ended the deliveries (thrown once).
    func next() async throws(AMQPError) -> IncomingDelivery? {
        while try await waitForDelivery() {
            if let delivery = takeBuffered() { return delivery }
        }
        return nil
    }

    /// Returns `true` once a delivery is buffered (``takeBuffered()`` takes it, unless
    /// another reader takes it first), `false` at the end (or when the waiting task is
    /// cancelled: the reader stops); throws the error that ended the deliveries (once).
    ///
    /// The waiting frame holds no delivery: an idle consumer's task keeps little memory.
    func waitForDelivery() async throws(AMQPError) -> Bool {
        while true {
            switch try readiness() {
            case .buffered: return true
            case .ended: return false
            case .empty: await waitUntilReadable()
            }
        }
    }

    private enum Readiness { case buffered, ended, empty }

    // Not inlined into the async callers: its temporaries stay on the thread's stack
    // instead of growing every waiting task's frame.
    @inline(never)
    private func readiness() throws(AMQPError) -> Readiness {
        let result = state.withLock { state -> Result<Readiness, AMQPError> in
            if state.readerStopped { return .success(.ended) }
            if state.hasBuffered { return .success(.buffered) }
            switch state.end {
            case nil: return .success(.empty)
            case .finished: return .success(.ended)
            case .failed(let error):
                state.end = .finished
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// A delivery already buffered, without waiting; `nil` when none is (the end and
    /// errors are left to ``next()``).
    func takeBuffered() -> IncomingDelivery? {
        state.withLock { $0.takeBuffered() }
    }

    /// Returns once a delivery is buffered or the deliveries ended; a cancellation of the
    /// waiting task stops the reader.
    private func waitUntilReadable() async {
        let id = state.withLock { state -> UInt64? in
            guard !state.isReadable else { return nil }
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isReadable || Task.isCancelled { return true }
                    state.waiters.append((id, continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            readerStopped()
        }
        if Task.isCancelled { readerStopped() }
    }
}

/// The reading end of a ``DeliveryFeed``, shared by every copy of one ``AMQPDeliveries``
/// and its iterators: when the last of them is dropped, the reader has stopped.
final class DeliveryReader: Sendable {
    let feed: DeliveryFeed

    init(_ feed: DeliveryFeed) { self.feed = feed }

    deinit { feed.readerStopped() }
}
