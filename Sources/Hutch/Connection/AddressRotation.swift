/// The order in which ``HutchConnection`` tries its broker addresses
/// (``HutchClientSettings/brokerAddresses``).
///
/// The first connect starts with the first address (Hutch's `mq_host`). After a lost
/// connection, the next round starts with the address *after* the one that was lost
/// (its node is probably the one that went away) and goes round the list once; when
/// every address failed, the connection waits its backoff and tries the same round again.
struct AddressRotation: Sendable, Equatable {
    /// How many addresses there are (at least 1).
    let count: Int
    /// The index a round starts with.
    private(set) var start = 0

    init(count: Int) { self.count = max(count, 1) }

    /// The indexes of one round, each address once.
    var round: [Int] { (0..<count).map { (start + $0) % count } }

    /// The connection to address `index` was lost: start the next round after it.
    mutating func lost(_ index: Int) { start = (index + 1) % count }
}
