import HutchConventions

/// How RabbitMQ answers acknowledgement frames on one channel: each delivery tag can
/// be settled once; a second ack, nack or reject for it (or one for a tag never
/// delivered) makes the broker close the channel with
/// `406 PRECONDITION_FAILED - unknown delivery tag N`, naming the offending method.
///
/// This is what turns hutch-schedule's unconditional ack after `requeue!` /
/// `reject!` (and plain Hutch's before 1.2.0) into a closed channel.
package struct ChannelAcknowledgementModel: Sendable, Equatable {
    /// Tags delivered and not yet settled.
    package private(set) var outstanding: Set<UInt64>
    /// The `channel.close` the broker sent, once it has.
    package private(set) var close: Close?

    /// Starts with the given tags delivered and unsettled.
    package init(outstanding: Set<UInt64>) {
        self.outstanding = outstanding
        self.close = nil
    }

    /// Applies one frame the client sent; returns the `channel.close` it provokes, if
    /// this frame is the one that makes the broker close the channel. Frames after the
    /// close change nothing (the broker discards them).
    @discardableResult
    package mutating func receive(_ frame: RubyAcknowledgement) -> Close? {
        guard close == nil else { return nil }
        let tag = frame.deliveryTag
        if frame.multiple == true {
            // RabbitMQ: `multiple` with tag 0 settles everything outstanding; otherwise
            // the tag itself must be outstanding, and every tag up to it is settled.
            if tag == 0 {
                outstanding.removeAll()
                return nil
            }
            guard outstanding.contains(tag) else { return refuse(frame) }
            outstanding = outstanding.filter { $0 > tag }
            return nil
        }
        guard outstanding.remove(tag) != nil else { return refuse(frame) }
        return nil
    }

    private mutating func refuse(_ frame: RubyAcknowledgement) -> Close {
        let id = frame.method.id
        let refusal = Close(
            replyCode: 406, replyText: "PRECONDITION_FAILED - unknown delivery tag \(frame.deliveryTag)",
            classID: id.classID, methodID: id.methodID)
        close = refusal
        return refusal
    }
}
