/// Namespace for the rules by which bunny (through amq-protocol 2.x) moves Ruby values
/// in and out of AMQP tables.
///
/// Encoding a Ruby value is ``FieldValue/init(rubyValue:)`` and
/// ``FieldTable/init(rubyHash:)``; what a Ruby service re-sends after decoding a table
/// from a delivery is ``reencodingDecoded(_:)``.
package enum BunnyTableEncoding {}
