import HutchConventions

/// What a re-delivered dead message carries of its failures.
package enum RetryHistory: Sendable, Equatable {
    /// Drop the failure history so the consumer gets all its attempts again: the
    /// `x-death` header (and RabbitMQ's `x-first-death-*` / `x-last-death-*`) and the
    /// Swift counter header named here (``RetryCountHeader/defaultName`` by default).
    case reset(counterHeader: String)
    /// Keep every header as it is: the consumer counts on from where it stopped, so a
    /// message that used up its attempts fails for good at its next failure.
    case keep

    /// The headers RabbitMQ writes when it dead-letters a message.
    static let deathHeaders: Set<String> = [
        "x-death", "x-first-death-exchange", "x-first-death-queue", "x-first-death-reason",
        "x-last-death-exchange", "x-last-death-queue", "x-last-death-reason"
    ]

    /// `headers` as the re-delivered copy carries them (`nil` stays `nil`; a table left
    /// empty by a reset becomes `nil`).
    package func headers(_ headers: FieldTable?) -> FieldTable? {
        guard case .reset(let counter) = self, let headers else { return headers }
        let kept = headers.entries.filter { !Self.deathHeaders.contains($0.key) && $0.key != counter }
        return kept.isEmpty ? nil : FieldTable(kept)
    }
}
