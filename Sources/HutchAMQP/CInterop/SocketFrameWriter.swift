internal import CRabbitMQ
import HutchConventions

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the frames of many publishes to a plain TCP connection's socket with one
/// `send(2)`, where librabbitmq's `amqp_basic_publish` makes three per message (method,
/// content header, body); and the `basic.ack`s of one turn of the I/O loop with one
/// `send(2)`, where `amqp_basic_ack` makes one each.
///
/// The frames are encoded in Swift (``PublishFrames``, ``append(_:channel:)``) into one buffer the connection
/// keeps; ``flush(to:)`` writes it out. The buffer is reused and bounded: a caller
/// flushes once it holds ``flushThreshold`` bytes, and after a flush memory grown past
/// that for one large message is given back.
///
/// Only for plain TCP: librabbitmq's TLS socket encrypts inside librabbitmq, so there
/// nothing can be written around it and publishes keep going through `amqp_basic_publish`.
/// The bytes must reach the socket before librabbitmq writes anything else on it (the I/O
/// thread flushes before any other call), and never after the socket is destroyed.
///
/// Failures read as librabbitmq's would: a socket error (`EPIPE`, `ECONNRESET`, …) is
/// `AMQP_STATUS_SOCKET_ERROR`, a socket that takes nothing for `writeTimeout` is
/// `AMQP_STATUS_TIMEOUT`, both through ``LibRabbitMQReply/error(status:_:detail:)`` with
/// connection scope. `MSG_NOSIGNAL`: a closed peer never raises `SIGPIPE`.
final class SocketFrameWriter {
    /// The buffered bytes at which a caller flushes (and the capacity kept afterwards).
    static let flushThreshold = 128 * 1024

    /// The negotiated `frame_max`, which splits bodies.
    let frameMax: UInt32
    /// How long a full socket may keep refusing bytes before the write fails.
    let writeTimeout: Duration

    private var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// The bytes buffered and not yet written.
    private(set) var byteCount = 0

    /// A writer for a connection with the negotiated `frameMax` (at least
    /// ``PublishFrames/minimumFrameMax``).
    init(frameMax: UInt32, writeTimeout: Duration) {
        self.frameMax = frameMax
        self.writeTimeout = writeTimeout
        capacity = Self.flushThreshold
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Encodes one publish's frames after those already buffered.
    ///
    /// - Throws: the ``CodecError`` of ``PublishFrames/Layout`` for a string or table the
    ///   wire cannot carry; nothing is buffered then.
    func append(_ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16) throws(CodecError) {
        let layout = try PublishFrames.Layout(method, properties: properties, bodyCount: body.count, frameMax: frameMax)
        reserve(layout.byteCount)
        var cursor = WireCursor(base: storage, offset: byteCount, end: byteCount + layout.byteCount)
        PublishFrames.write(method, properties: properties, body: body, channel: channel, layout: layout, at: &cursor)
        byteCount = cursor.offset
    }

    /// The bytes of a `basic.ack` method frame: the frame's 8, class and method 4, the
    /// delivery tag 8, the `multiple` bit's octet 1.
    static let ackFrameSize = 21

    /// Encodes a `basic.ack` method frame after those already buffered: byte for byte what
    /// `amqp_basic_ack` sends.
    func append(_ ack: BasicAck, channel: UInt16) {
        reserve(Self.ackFrameSize)
        var cursor = WireCursor(base: storage, offset: byteCount, end: byteCount + Self.ackFrameSize)
        cursor.put(UInt8(1))
        cursor.put(channel)
        cursor.put(UInt32(Self.ackFrameSize - PublishFrames.frameOverhead))
        cursor.put(UInt16(60))
        cursor.put(UInt16(80))
        cursor.put(ack.deliveryTag)
        cursor.put(UInt8(ack.multiple ? 1 : 0))
        cursor.put(PublishFrames.frameEnd)
        byteCount = cursor.offset
    }

    /// Adds `bytes`, already encoded frames (the rest of a publish the socket took only
    /// part of: ``writeWithoutWaiting(to:)``), after those already buffered.
    func append(bytes: [UInt8]) {
        reserve(bytes.count)
        bytes.withUnsafeBytes { (storage + byteCount).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        byteCount += bytes.count
    }

    private func reserve(_ more: Int) {
        guard byteCount + more > capacity else { return }
        let grown = max(capacity * 2, byteCount + more)
        let larger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
        larger.copyMemory(from: storage, byteCount: byteCount)
        storage.deallocate()
        storage = larger
        capacity = grown
    }

    /// A write that stopped: the error, and how many of the buffered bytes reached the
    /// socket before it.
    struct Failure: Error {
        let error: AMQPError
        let writtenBytes: Int
    }

    /// Writes every buffered byte to `socket`, waiting (`poll(2)` for `POLLOUT`) while it
    /// is full, and empties the buffer whether or not that worked.
    func flush(to socket: Int32) -> Failure? {
        defer { reset() }
        guard byteCount > 0 else { return nil }
        guard socket >= 0 else {
            return Failure(error: Self.error(AMQP_STATUS_SOCKET_ERROR, detail: "the socket is closed"), writtenBytes: 0)
        }
        // Read from the clock only once the socket is full: most flushes never wait.
        var deadline: ContinuousClock.Instant?
        var written = 0
        while written < byteCount {
            let sent = send(socket, storage + written, byteCount - written, Int32(MSG_NOSIGNAL))
            if sent > 0 {
                written += sent
                continue
            }
            let code = sent < 0 ? errno : EPIPE
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                let waitsUntil = deadline ?? .now + writeTimeout
                deadline = waitsUntil
                if let error = Self.waitWritable(socket, until: waitsUntil) { return Failure(error: error, writtenBytes: written) }
            default:
                let reason = String(cString: strerror(code))
                return Failure(error: Self.error(AMQP_STATUS_SOCKET_ERROR, detail: "send(2) failed: \(reason)"), writtenBytes: written)
            }
        }
        return nil
    }

    /// Writes what `socket` takes right now, without waiting, and empties the buffer.
    ///
    /// - Returns: the bytes the socket did not take (none when all went out), or `nil`
    ///   when it took none: full (`EAGAIN`) or failed (`EPIPE`, …). The caller then hands
    ///   the whole message to the I/O thread, which waits for room or reports the failure.
    func writeWithoutWaiting(to socket: Int32) -> [UInt8]? {
        defer { reset() }
        var written = 0
        while written < byteCount {
            let sent = send(socket, storage + written, byteCount - written, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            if sent > 0 {
                written += sent
            } else if sent < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        guard written > 0 else { return nil }
        return Array(UnsafeRawBufferPointer(start: storage + written, count: byteCount - written))
    }

    /// Drops the buffered bytes; memory grown past ``flushThreshold`` is given back.
    private func reset() {
        byteCount = 0
        guard capacity > Self.flushThreshold else { return }
        storage.deallocate()
        capacity = Self.flushThreshold
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    /// Waits until `socket` takes bytes again; the error when `deadline` passes first.
    private static func waitWritable(_ socket: Int32, until deadline: ContinuousClock.Instant) -> AMQPError? {
        while true {
            // Rounded up: truncated, the last wait ended up to a millisecond before the deadline.
            let left = LibRabbitMQConnection.milliseconds(deadline - .now + .nanoseconds(999_999))
            guard left > 0 else {
                return error(AMQP_STATUS_TIMEOUT, detail: "the socket took no bytes for the connection's RPC timeout")
            }
            var descriptor = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&descriptor, 1, Int32(clamping: left))
            // Ready, or an error or hang-up that the next send(2) reports.
            if ready > 0 { return nil }
            if ready < 0, errno != EINTR {
                return error(AMQP_STATUS_SOCKET_ERROR, detail: "poll(2) failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func error(_ status: amqp_status_enum, detail: String) -> AMQPError {
        LibRabbitMQReply.error(status: LibRabbitMQReply.status(status), LibRabbitMQReply.Context(operation: .publish), detail: detail)
    }
}
