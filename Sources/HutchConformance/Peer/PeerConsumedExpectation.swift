/// Which `consumed` events a direction waits for: one per consumer and message that
/// Swift's conventions say Hutch can build, plus every consumer's sentinel.
///
/// The peer's consumers need not report in publishing order (hutch-schedule's worker
/// runs handlers in a thread pool), so the wait ends when every expected event is
/// there, not at the sentinel alone; a short settling wait then lets events that
/// should not exist show up before they are judged.
struct PeerConsumedExpectation: Sendable {
    /// `consumer class` → `message_id` → how many events are expected.
    private var expected: [String: [String: Int]] = [:]
    /// Events are counted from this index of the session's events on.
    let start: Int

    /// How long to wait for events that should not come once the expected ones arrived.
    static let settling: Duration = .milliseconds(300)

    init(start: Int) { self.start = start }

    /// Expects one event of `consumer` for the message `messageID`.
    mutating func expect(consumer: String, messageID: String?) {
        guard let messageID else { return }
        expected[consumer, default: [:]][messageID, default: 0] += 1
    }

    /// Whether `events` hold every expected event.
    func isMet(by events: [PeerEvent]) -> Bool {
        var seen: [String: [String: Int]] = [:]
        for event in events.dropFirst(start) where event.kind == .consumed {
            guard let consumer = event.string("consumer"), let id = event.messageID else { continue }
            seen[consumer, default: [:]][id, default: 0] += 1
        }
        return expected.allSatisfy { consumer, ids in ids.allSatisfy { id, count in (seen[consumer]?[id] ?? 0) >= count } }
    }

    /// Waits for the expected events (bounded by `timeout`), then settles; returns
    /// whether they all came.
    func wait(on session: PeerSession, within timeout: Duration) async -> Bool {
        let expectation = self
        let met = await session.wait(within: timeout) { expectation.isMet(by: $0) }
        await session.wait(within: Self.settling) { _ in false }
        return met
    }
}
