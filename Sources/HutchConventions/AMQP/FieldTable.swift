/// An AMQP field table: key–value pairs in wire order.
///
/// Order is kept and duplicate keys are allowed, because both happen on the wire:
/// RabbitMQ sorts the headers it rewrites when dead-lettering, and hutch-schedule's
/// `headers.merge(CC: …)` puts a second `CC` beside a caller's `"CC"`.
public struct FieldTable: Sendable, Equatable {
    /// One key–value pair.
    public struct Entry: Sendable, Equatable {
        /// The key, a short string.
        package var key: String
        /// The value.
        package var value: FieldValue

        /// Creates a pair.
        package init(_ key: String, _ value: FieldValue) {
            self.key = key
            self.value = value
        }
    }

    /// The pairs in wire order.
    package var entries: [Entry]

    /// Creates a table from pairs in wire order.
    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// Creates a table from `(key, value)` pairs in wire order.
    public init(pairs: [(String, FieldValue)]) {
        self.entries = pairs.map { Entry($0.0, $0.1) }
    }

    /// Whether the table has no pairs.
    package var isEmpty: Bool { entries.isEmpty }

    /// The value of the first pair with `key`, as a Ruby Hash built from the wire would
    /// hold it for a unique key.
    package subscript(key: String) -> FieldValue? {
        entries.first { $0.key == key }?.value
    }

    /// Appends a pair at the end, even when the key is already present.
    package mutating func append(_ key: String, _ value: FieldValue) {
        entries.append(Entry(key, value))
    }

    /// Sets `key` the way a Ruby Hash does: an existing first pair is replaced in
    /// place, otherwise the pair is appended.
    package mutating func set(_ key: String, _ value: FieldValue) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = value
        } else {
            entries.append(Entry(key, value))
        }
    }
}
