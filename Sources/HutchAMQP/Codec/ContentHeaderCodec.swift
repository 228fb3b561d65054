import HutchConventions

/// Encodes and decodes AMQP 0-9-1 content-header frame payloads of class `basic`.
///
/// A content-header payload is what a frame of type 2 carries: class id 60 (2 bytes),
/// weight 0 (2 bytes), the body size (8 bytes, big-endian), then the property flags
/// and property list exactly as `amqp_encode_properties` writes them. A property is
/// present exactly when it is non-`nil`; header tables keep their order and duplicate
/// keys (hutch-schedule's second `CC`).
///
/// ```swift
/// let payload = try ContentHeaderCodec.encode(
///     properties: BasicProperties(contentType: "application/json", deliveryMode: 2), bodySize: 12)
/// let (properties, bodySize) = try ContentHeaderCodec.decode(payload)
/// ```
package enum ContentHeaderCodec {
    /// The class id of `basic`, the only class with content this codec models.
    package static let basicClassID: UInt16 = 60

    /// The content-header payload for a `basic` message with `properties` and a body
    /// of `bodySize` bytes.
    ///
    /// - Throws: ``CodecError`` with code
    ///   ``CodecError/Code-swift.struct/shortStringTooLong`` when a short string or
    ///   header key is over 255 bytes, or when librabbitmq cannot encode the properties.
    package static func encode(properties: BasicProperties, bodySize: UInt64) throws(CodecError) -> [UInt8] {
        do throws(CodecError) {
            let size = try WireSize.properties(properties)
            let encoded = try LibRabbitMQCodec.encodeProperties(properties, sizeHint: size)
            var payload: [UInt8] = []
            payload.reserveCapacity(12 + encoded.count)
            payload.append(contentsOf: BigEndian.bytes(basicClassID))
            payload.append(contentsOf: [0, 0])
            payload.append(contentsOf: BigEndian.bytes(bodySize))
            payload.append(contentsOf: encoded)
            return payload
        } catch {
            var located = error.during(.encodeContentHeader)
            located.classID = basicClassID
            throw located
        }
    }

    /// The properties and body size in a `basic` content-header payload.
    ///
    /// - Throws: ``CodecError`` with code
    ///   ``CodecError/Code-swift.struct/truncatedPayload`` when the 12-byte prefix is
    ///   incomplete, ``CodecError/Code-swift.struct/unsupportedClass`` for a class other
    ///   than 60, ``CodecError/Code-swift.struct/nonZeroWeight``,
    ///   ``CodecError/Code-swift.struct/unsupportedPropertyFlags`` for flag bits outside
    ///   the 14 basic properties, ``CodecError/Code-swift.struct/malformedPayload`` when
    ///   librabbitmq refuses the property list, and
    ///   ``CodecError/Code-swift.struct/trailingBytes`` when bytes follow it.
    package static func decode(_ payload: [UInt8]) throws(CodecError) -> (properties: BasicProperties, bodySize: UInt64) {
        guard payload.count >= 14 else {
            throw CodecError(
                code: .truncatedPayload, operation: .decodeContentHeader,
                expected: "at least 14 bytes (class id, weight, body size, property flags)",
                found: "\(payload.count) bytes (\(Hex.string(payload)))")
        }
        let classID = BigEndian.uint16(payload[0], payload[1])
        guard classID == basicClassID else {
            throw CodecError(
                code: .unsupportedClass, operation: .decodeContentHeader, classID: classID,
                expected: "class id \(basicClassID) (basic)", found: "class id \(classID)")
        }
        let weight = BigEndian.uint16(payload[2], payload[3])
        guard weight == 0 else {
            throw CodecError(
                code: .nonZeroWeight, operation: .decodeContentHeader, classID: classID, field: "weight",
                expected: "weight 0", found: "weight \(weight)")
        }
        let bodySize = BigEndian.uint64(payload[4..<12])
        do throws(CodecError) {
            let encoded = payload[12...]
            let properties = try LibRabbitMQCodec.decodeProperties(encoded)
            let size = try WireSize.properties(properties)
            guard size == encoded.count else {
                throw CodecError(
                    code: .trailingBytes, operation: .decodeContentHeader,
                    expected: "\(size) property bytes", found: "\(encoded.count) property bytes")
            }
            return (properties, bodySize)
        } catch {
            var located = error.during(.decodeContentHeader)
            located.classID = classID
            throw located
        }
    }
}
