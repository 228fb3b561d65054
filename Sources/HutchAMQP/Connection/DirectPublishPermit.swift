/// What lets the caller's thread write a publish to the socket itself while the
/// connection's I/O thread sleeps in `poll(2)` (``ConnectionLoop/writeDirectly(_:)``).
///
/// A publish from a task on Swift's cooperative pool otherwise wakes the I/O thread to
/// write it: for a confirmed one, a thread hand-off on the way out, another on the way
/// back when the `basic.ack` resumes the task. Written by the caller, it costs the I/O
/// thread nothing until the `basic.ack` wakes it, as it would anyway.
///
/// The I/O thread makes the permit each time it goes to sleep, from a state that cannot
/// change before it wakes: it reads and settles frames only after taking its queued work,
/// and the caller queues the publish's bookkeeping (its delivery tag, its pending confirm)
/// under the same lock, before releasing it, as the state then was. So the ack cannot be
/// read before the publish it answers is counted, and the channel the permit lists is
/// still open and in confirm mode when the bookkeeping runs. The socket is not touched by
/// the I/O thread while the permit stands: it stands only while the thread is marked
/// asleep, a mark cleared (under the queue's lock) the moment the thread wakes or is
/// woken, before it reads, writes or closes anything, and never honoured once a stop is asked.
///
/// Only on plain TCP (over TLS librabbitmq encrypts: nothing can be written around it),
/// while the connection is open and not blocked, and with nothing of the I/O thread's own
/// waiting to be written.
struct DirectPublishPermit {
    /// The connection's socket.
    let socket: Int32
    /// The negotiated `frame_max`, which splits bodies.
    let frameMax: UInt32
    /// The open channels in confirm mode: a confirmed publish may go to these.
    let confirmingChannels: [UInt16]
    /// The other open channels: a publish without confirms may go to these (none to
    /// count there, so it leaves the I/O thread no bookkeeping).
    let unconfirmedChannels: [UInt16]
    /// When the I/O thread wakes on its own (heartbeats, timers): a publish whose confirm
    /// is due earlier wakes it, so the confirm's timeout is kept.
    let wakesBy: InlineInstant

    /// The largest body written by the caller: bigger ones are copied, written and
    /// waited for by the I/O thread, without holding the loop's lock meanwhile.
    static let largestBody = 64 * 1024

    /// How many publishes callers may write while the thread sleeps once: a burst beyond
    /// goes to the thread, which writes what is queued in one turn with one `send(2)`
    /// instead of one per message under the loop's lock. One confirmed publish awaited at
    /// a time, or a trickle the thread wakes between, always finds a fresh permit.
    static let writesPerSleep = 4

    /// Whether a publish on `channel` may be written now: the channel open, in confirm mode
    /// when the publish waits for a confirm and not when it does not.
    func allows(channel: UInt16, confirmed: Bool) -> Bool {
        (confirmed ? confirmingChannels : unconfirmedChannels).contains(channel)
    }
}
