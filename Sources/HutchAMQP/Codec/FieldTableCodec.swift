import HutchConventions

/// Encodes and decodes a standalone AMQP 0-9-1 field table with librabbitmq's
/// `amqp_encode_table` / `amqp_decode_table`.
///
/// The bytes are the table as it appears inside a method or a content header: a
/// 4-byte big-endian length, then each entry as a short-string key, a type octet and
/// the value. Order and duplicate keys are kept.
///
/// ```swift
/// let bytes = try FieldTableCodec.encode(FieldTable(pairs: [("x-queue-type", .string("quorum"))]))
/// let table = try FieldTableCodec.decode(bytes)
/// ```
package enum FieldTableCodec {
    /// How deeply tables and arrays may nest in decoded data: a method's `arguments`
    /// or a message's `headers` is level 1, each array or table inside one more level.
    ///
    /// librabbitmq 0.11 decodes nesting of any depth, and so does amq-protocol in Ruby
    /// (until Ruby's stack runs out); a payload of a few kilobytes can nest thousands
    /// of levels deep, which would overflow the stack of the recursive copy into Swift
    /// values and of everything that walks them afterwards. Deeper data is refused with
    /// ``CodecError/Code-swift.struct/malformedPayload``. The limit is the json gem's
    /// `max_nesting`, the one `RubyJSON` keeps for message bodies.
    package static let maxNesting = 100

    /// The encoded table: its length, then its entries in order.
    ///
    /// - Throws: ``CodecError`` with code
    ///   ``CodecError/Code-swift.struct/shortStringTooLong`` for a key over 255 bytes,
    ///   ``CodecError/Code-swift.struct/valueTooLong`` for a value over its 32-bit length.
    package static func encode(_ table: FieldTable) throws(CodecError) -> [UInt8] {
        do throws(CodecError) {
            let size = try WireSize.table(table)
            return try LibRabbitMQCodec.encodeTable(table, sizeHint: size)
        } catch {
            throw error.during(.encodeFieldTable)
        }
    }

    /// The table encoded in `bytes`, which must hold exactly one table.
    ///
    /// Keys must be valid UTF-8; long strings stay raw bytes.
    ///
    /// - Throws: ``CodecError`` with code
    ///   ``CodecError/Code-swift.struct/malformedPayload`` when librabbitmq refuses the
    ///   bytes, ``CodecError/Code-swift.struct/trailingBytes`` when bytes follow the
    ///   table, ``CodecError/Code-swift.struct/invalidUTF8`` for a key that is not UTF-8;
    ///   ``CodecError/Code-swift.struct/malformedPayload`` also for tables and arrays
    ///   nested deeper than ``maxNesting``.
    package static func decode(_ bytes: [UInt8]) throws(CodecError) -> FieldTable {
        do throws(CodecError) {
            let (table, byteCount) = try LibRabbitMQCodec.decodeTable(bytes[...])
            guard byteCount == bytes.count else {
                throw CodecError(
                    code: .trailingBytes, operation: .decodeFieldTable,
                    expected: "a table of \(bytes.count) bytes", found: "a table of \(byteCount) bytes")
            }
            return table
        } catch {
            throw error.during(.decodeFieldTable)
        }
    }
}
