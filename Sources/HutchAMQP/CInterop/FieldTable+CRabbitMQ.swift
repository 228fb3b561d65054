internal import CRabbitMQ
import HutchConventions

extension FieldTable {
    /// The table as librabbitmq's `amqp_table_t`, in wire order (duplicate keys kept),
    /// its entries in `pool`. Keys must already be checked (``WireSize``): librabbitmq
    /// writes a key's length as one octet without checking it.
    func cTable(in pool: AMQPPool) throws(CodecError) -> amqp_table_t {
        guard !entries.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        guard let count = Int32(exactly: entries.count) else {
            throw CodecError(
                code: .valueTooLong, operation: .encodeMethod,
                expected: "at most \(Int32.max) table entries", found: "\(entries.count) entries")
        }
        let cEntries = try pool.allocate(amqp_table_entry_t.self, count: entries.count)
        for (index, entry) in entries.enumerated() {
            do throws(CodecError) {
                let key = try pool.bytes(entry.key)
                let value = try entry.value.cValue(in: pool)
                (cEntries + index).initialize(to: amqp_table_entry_t(key: key, value: value))
            } catch {
                throw error.inField("[\(WireSize.preview(entry.key))]")
            }
        }
        return amqp_table_t(num_entries: count, entries: cEntries)
    }

    /// Copies a decoded librabbitmq table out, in wire order.
    ///
    /// `depth` is the table's own nesting level: 1 for a method's `arguments` or a
    /// message's `headers`, one more for each array or table around it. A table or
    /// array nested deeper than ``FieldTableCodec/maxNesting`` is refused.
    init(_ c: amqp_table_t, depth: Int = 1) throws(CodecError) {
        try Self.checkNesting(depth)
        self.init()
        guard c.num_entries > 0, let cEntries = c.entries else { return }
        entries.reserveCapacity(Int(c.num_entries))
        for index in 0..<Int(c.num_entries) {
            let cEntry = cEntries[index]
            let key = try cEntry.key.utf8String(field: "key #\(index)")
            do throws(CodecError) {
                append(key, try FieldValue(cEntry.value, depth: depth))
            } catch {
                throw error.inField("[\(WireSize.preview(key))]")
            }
        }
    }
}

extension FieldTable {
    /// Refuses an array or table at nesting level `depth` when it is deeper than
    /// ``FieldTableCodec/maxNesting``.
    static func checkNesting(_ depth: Int) throws(CodecError) {
        guard depth <= FieldTableCodec.maxNesting else {
            throw CodecError(
                code: .malformedPayload, operation: .decodeFieldTable,
                expected: "at most \(FieldTableCodec.maxNesting) nested tables and arrays",
                found: "nesting of \(depth)")
        }
    }
}
