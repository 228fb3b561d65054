import HutchConventions

extension PublishFrames {
    /// The frames of one publish on `channel`, bodies split by the negotiated `frameMax`:
    /// what a caller encodes before it hands the publish to the I/O thread
    /// (``QueuedPublish/Content/frames(_:)``).
    ///
    /// - Throws: the ``CodecError`` of ``Layout`` (a short string over 255 bytes, a table
    ///   value over its 32-bit length).
    static func encode(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, frameMax: UInt32
    ) throws(CodecError) -> [UInt8] {
        let layout = try Layout(method, properties: properties, bodyCount: body.count, frameMax: frameMax)
        return encode(method, properties: properties, body: body, channel: channel, layout: layout)
    }

    /// The message whose frames are `bytes`, as ``encode(_:properties:body:channel:frameMax:)``
    /// wrote them: a method frame with `basic.publish`, a content header, then body frames
    /// up to the header's body size.
    ///
    /// Read only when a queued publish is not written, to hand the caller's message back
    /// (``QueuedPublish/fail(_:)``); a publish on its way out is never decoded.
    ///
    /// - Throws: ``CodecError`` with code ``CodecError/Code-swift.struct/truncatedPayload``
    ///   when a frame is cut short, of another type than expected or not closed by `0xCE`,
    ///   ``CodecError/Code-swift.struct/unsupportedMethod`` for a method other than
    ///   `basic.publish`, ``CodecError/Code-swift.struct/trailingBytes`` for bytes after
    ///   the body, and the errors of ``MethodCodec/decode(_:)`` and ``ContentHeaderCodec/decode(_:)``.
    static func message(from bytes: [UInt8]) throws(CodecError) -> OutgoingMessage {
        var reader = FrameReader(bytes: bytes)
        let methodPayload = try reader.next(type: 1, operation: .decodeMethod)
        guard case .basicPublish(let method) = try MethodCodec.decode(Array(methodPayload)) else {
            throw CodecError(
                code: .unsupportedMethod, operation: .decodeMethod, expected: "basic.publish (60.40)",
                found: "another method in the first frame")
        }
        let header = try ContentHeaderCodec.decode(Array(try reader.next(type: 2, operation: .decodeContentHeader)))
        var body: [UInt8] = []
        body.reserveCapacity(Int(min(header.bodySize, UInt64(bytes.count))))
        while UInt64(body.count) < header.bodySize {
            body += try reader.next(type: 3, operation: .decodeContentHeader)
        }
        guard UInt64(body.count) == header.bodySize, reader.offset == bytes.count else {
            throw CodecError(
                code: .trailingBytes, operation: .decodeContentHeader,
                expected: "a body of \(header.bodySize) bytes ending the frames",
                found: "\(body.count) body bytes, then \(bytes.count - reader.offset) more bytes")
        }
        return OutgoingMessage(
            exchange: method.exchange, routingKey: method.routingKey, mandatory: method.mandatory, immediate: method.immediate,
            properties: header.properties, body: body)
    }

    /// Reads frames one after another: type octet, channel, payload size, payload, `0xCE`.
    private struct FrameReader {
        let bytes: [UInt8]
        /// Where the next frame starts.
        var offset = 0

        /// The payload of the next frame, which must be of `type`.
        mutating func next(type: UInt8, operation: CodecError.Operation) throws(CodecError) -> ArraySlice<UInt8> {
            let left = bytes.count - offset
            guard left >= PublishFrames.frameOverhead, bytes[offset] == type else {
                throw CodecError(
                    code: .truncatedPayload, operation: operation, expected: "a frame of type \(type) at byte \(offset)",
                    found: left > 0 ? "type \(bytes[offset]) with \(left) bytes left" : "the end of the frames")
            }
            let size = Int(BigEndian.uint64(bytes[offset + 3..<offset + 7]))
            let end = offset + 7 + size
            guard size <= left - PublishFrames.frameOverhead, bytes[end] == PublishFrames.frameEnd else {
                throw CodecError(
                    code: .truncatedPayload, operation: operation,
                    expected: "\(size) payload bytes and the frame end 0xCE after byte \(offset)",
                    found: "\(left) bytes left")
            }
            let payload = bytes[offset + 7..<end]
            offset = end + 1
            return payload
        }
    }
}
