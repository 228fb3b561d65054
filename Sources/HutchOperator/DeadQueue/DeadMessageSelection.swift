/// Which dead messages a re-delivery moves.
package enum DeadMessageSelection: Sendable, Equatable {
    /// Every message in the queue when the re-delivery started.
    case all
    /// The messages with one of these message ids or at one of these positions (from 1,
    /// as `hutch dead list` numbers them).
    case matching(messageIDs: Set<String>, positions: Set<Int>)

    /// Whether `message` is selected.
    package func selects(_ message: DeadMessage) -> Bool {
        switch self {
        case .all: true
        case .matching(let ids, let positions): positions.contains(message.position) || message.messageID.map(ids.contains) == true
        }
    }
}
