import HutchConventions

/// The frames of one `basic.publish`, encoded in Swift: byte for byte what librabbitmq's
/// `amqp_basic_publish` sends for the same message.
///
/// Three kinds of frame, each a type octet, the channel (2 bytes), the payload size
/// (4 bytes), the payload and the frame-end octet `0xCE`:
/// - a method frame (type 1): class 60, method 40, ticket 0, exchange, routing key, the
///   `mandatory` and `immediate` bits;
/// - a content header (type 2): class 60, weight 0, the body size, the property flags and
///   list (``WireCursor/put(properties:)``);
/// - body frames (type 3) of at most `frameMax − 8` bytes each, none for an empty body.
///
/// ```swift
/// let layout = try PublishFrames.Layout(method, properties: properties, bodyCount: body.count, frameMax: 131_072)
/// let frames = PublishFrames.encode(method, properties: properties, body: body, channel: 1, layout: layout)
/// ```
enum PublishFrames {
    /// The octet that ends every frame.
    static let frameEnd: UInt8 = 0xCE
    /// What a frame adds around its payload: type, channel, size, frame end.
    static let frameOverhead = 8
    /// The smallest `frame_max` AMQP 0-9-1 allows (and RabbitMQ accepts).
    static let minimumFrameMax: UInt32 = 4096

    /// The sizes of one publish's frames, measured (and its strings and tables checked)
    /// by ``WireSize`` before anything is written.
    struct Layout {
        /// The method frame's payload size.
        let methodPayload: Int
        /// The content header's payload size.
        let headerPayload: Int
        /// The most body bytes one body frame carries: `frameMax − 8`.
        let bodyFragment: Int
        /// The number of body frames.
        let bodyFrames: Int
        /// The bytes of all the frames together.
        let byteCount: Int

        /// Measures a publish; `frameMax` is the negotiated limit, at least ``minimumFrameMax``.
        ///
        /// - Throws: the ``CodecError`` of ``WireSize`` (a short string over 255 bytes, a
        ///   table value over its 32-bit length), the one librabbitmq's path reports too.
        init(_ method: BasicPublish, properties: BasicProperties, bodyCount: Int, frameMax: UInt32) throws(CodecError) {
            precondition(frameMax >= PublishFrames.minimumFrameMax, "frame_max \(frameMax) is below AMQP's minimum of 4096")
            methodPayload = 4 + (try WireSize.arguments(of: .basicPublish(method)))
            headerPayload = 12 + (try WireSize.properties(properties))
            bodyFragment = Int(frameMax) - PublishFrames.frameOverhead
            bodyFrames = (bodyCount + bodyFragment - 1) / bodyFragment
            byteCount = methodPayload + headerPayload + bodyCount + PublishFrames.frameOverhead * (2 + bodyFrames)
        }
    }

    /// Writes the frames measured as `layout` at `cursor`.
    static func write(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, layout: Layout,
        at cursor: inout WireCursor
    ) {
        cursor.put(UInt8(1))
        cursor.put(channel)
        cursor.put(UInt32(truncatingIfNeeded: layout.methodPayload))
        cursor.put(UInt16(60))
        cursor.put(UInt16(40))
        cursor.put(UInt16(0))
        cursor.putShortString(method.exchange)
        cursor.putShortString(method.routingKey)
        cursor.put(UInt8((method.mandatory ? 1 : 0) | (method.immediate ? 2 : 0)))
        cursor.put(frameEnd)

        cursor.put(UInt8(2))
        cursor.put(channel)
        cursor.put(UInt32(truncatingIfNeeded: layout.headerPayload))
        cursor.put(ContentHeaderCodec.basicClassID)
        cursor.put(UInt16(0))
        cursor.put(UInt64(body.count))
        cursor.put(properties: properties)
        cursor.put(frameEnd)

        body.withUnsafeBytes { bytes in
            var start = 0
            while start < bytes.count {
                let fragment = min(layout.bodyFragment, bytes.count - start)
                cursor.put(UInt8(3))
                cursor.put(channel)
                cursor.put(UInt32(truncatingIfNeeded: fragment))
                cursor.put(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<start + fragment]))
                cursor.put(frameEnd)
                start += fragment
            }
        }
    }

    /// The frames of one publish as bytes.
    ///
    /// Written into a temporary buffer (on the stack when small), then copied into the
    /// array at once: `Array(UnsafeBufferPointer)` is specialized for bytes, where
    /// `Array(unsafeUninitializedCapacity:)` and `Array(repeating:count:)` went through the
    /// standard library's unspecialized allocation, which looked the array's type up in
    /// the runtime's metadata cache on every call (a publish's frames are made once per
    /// message).
    static func encode(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, layout: Layout
    ) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: layout.byteCount) { buffer in
            var cursor = WireCursor(base: UnsafeMutableRawPointer(buffer.baseAddress!), offset: 0, end: layout.byteCount)
            write(method, properties: properties, body: body, channel: channel, layout: layout, at: &cursor)
            return Array(UnsafeBufferPointer(start: buffer.baseAddress!, count: cursor.offset))
        }
    }
}
