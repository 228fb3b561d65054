/// `consumed` events not yet matched to a message: each is matched once, in the
/// order the peer reported them.
struct PeerEventPool {
    private var events: [PeerEvent]

    init(_ events: some Sequence<PeerEvent>) { self.events = Array(events) }

    /// Takes the first event of `consumer` for the message with `messageID`.
    mutating func take(consumer: String, messageID: String?) -> PeerEvent? {
        guard let messageID,
            let index = events.firstIndex(where: { $0.string("consumer") == consumer && $0.messageID == messageID })
        else { return nil }
        return events.remove(at: index)
    }
}
