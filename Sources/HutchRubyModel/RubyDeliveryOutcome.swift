import HutchConventions

/// What happened to a delivery, decided by the first acknowledgement frame the
/// client sent for it (the broker refuses any later one for the same tag).
///
/// The raw values are the recorded corpus's `outcome` strings.
package enum RubyDeliveryOutcome: String, Sendable, Equatable, CaseIterable {
    /// `basic.ack`: the message is done.
    case ack
    /// `basic.nack` with requeue false: dropped or dead-lettered.
    case nack
    /// `basic.reject` with requeue false: dropped or dead-lettered.
    case reject
    /// `basic.reject` (or `basic.nack`) with requeue true: back on the queue, redelivered.
    case requeue
    /// No acknowledgement at all: the message stays unacknowledged until the channel
    /// closes, then the broker redelivers it.
    case none
}
