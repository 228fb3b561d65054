internal import CRabbitMQ
import HutchConventions

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LibRabbitMQConnection {
    /// Opens the socket (TCP or TLS), logs in with SASL PLAIN and the client properties,
    /// and returns what the broker said about itself and the agreed limits.
    func open(_ options: ConnectionOptions) throws(AMQPError) -> (ServerProperties, ConnectionTuning) {
        let connectContext = LibRabbitMQReply.Context(operation: .connect)
        guard let state = amqp_new_connection() else {
            throw AMQPError(code: .libraryFailure, operation: .connect, detail: "amqp_new_connection returned NULL")
        }
        self.state = state
        do throws(AMQPError) {
            let socket = try makeSocket(state, options)
            var connectTimeout = Self.timeval(options.connectTimeout)
            let status = options.host.withCString { amqp_socket_open_noblock(socket, $0, Int32(options.port), &connectTimeout) }
            if status < 0 {
                throw Self.connectError(status: status, options: options, connectContext)
            }
            var handshakeTimeout = Self.timeval(options.connectTimeout)
            _ = amqp_set_handshake_timeout(state, &handshakeTimeout)
            try login(state, options)
            var rpcTimeout = Self.timeval(options.rpcTimeout)
            _ = amqp_set_rpc_timeout(state, &rpcTimeout)
            let server: FieldTable
            if let table = amqp_get_server_properties(state) {
                server = (try? FieldTable(table.pointee)) ?? FieldTable()
            } else {
                server = FieldTable()
            }
            let tuning = ConnectionTuning(
                channelMax: UInt16(clamping: amqp_get_channel_max(state)),
                frameMax: UInt32(clamping: amqp_get_frame_max(state)),
                heartbeat: UInt16(clamping: amqp_get_heartbeat(state)))
            amqp_maybe_release_buffers(state)
            return (ServerProperties(table: server), tuning)
        } catch {
            destroy()
            throw error
        }
    }

    private func makeSocket(_ state: amqp_connection_state_t, _ options: ConnectionOptions) throws(AMQPError) -> OpaquePointer {
        guard let tls = options.tls else {
            guard let socket = amqp_tcp_socket_new(state) else {
                throw AMQPError(code: .libraryFailure, operation: .connect, detail: "amqp_tcp_socket_new returned NULL")
            }
            return socket
        }
        guard let socket = amqp_ssl_socket_new(state) else {
            throw AMQPError(code: .tlsFailed, operation: .connect, detail: "amqp_ssl_socket_new returned NULL")
        }
        try Self.apply(tls, to: socket)
        return socket
    }

    /// Applies TLS settings to an `amqp_ssl_socket_new` socket.
    static func apply(_ tls: TLSOptions, to socket: OpaquePointer) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .connect)
        if let file = tls.caCertificateFile {
            let status = file.withCString { amqp_ssl_socket_set_cacert(socket, $0) }
            if status < 0 { throw LibRabbitMQReply.error(status: status, context, detail: "CA certificate file \(file) not loaded") }
        }
        switch (tls.clientCertificateFile, tls.clientKeyFile) {
        case (let certificate?, let key?):
            let status = certificate.withCString { cert in key.withCString { amqp_ssl_socket_set_key(socket, cert, $0) } }
            if status < 0 {
                throw LibRabbitMQReply.error(
                    status: status, context, detail: "client certificate \(certificate) or key \(key) not loaded")
            }
        case (nil, nil):
            break
        default:
            throw AMQPError(
                code: .invalidArgument, operation: .connect,
                detail: "a client certificate needs both clientCertificateFile and clientKeyFile")
        }
        amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer.amqpBoolean)
        amqp_ssl_socket_set_verify_hostname(socket, tls.verifyHostname.amqpBoolean)
    }

    private func login(_ state: amqp_connection_state_t, _ options: ConnectionOptions) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .login, duringLogin: true)
        var properties = options.clientProperties
        if let name = options.connectionName { properties.set("connection_name", .string(name)) }
        properties.set("capabilities", .table(Self.capabilities(merging: properties["capabilities"])))
        _ = try Self.encoding(context) { () throws(CodecError) in try WireSize.table(properties) }
        let reply = try withPool(context) { pool throws(AMQPError) -> amqp_rpc_reply_t in
            var table = try Self.encoding(context) { () throws(CodecError) in try properties.cTable(in: pool) }
            return options.virtualHost.withCString { vhost in
                options.username.withCString { user in
                    options.password.withCString { password in
                        hutch_amqp_login_plain(
                            state, vhost, Int32(options.channelMax), Int32(clamping: options.frameMax),
                            Int32(options.heartbeat), &table, user, password)
                    }
                }
            }
        }
        if let error = check(reply, context) { throw error }
    }

    /// The client's `capabilities`: the caller's, plus `connection.blocked`, which the
    /// connection handles (``ConnectionCore``) and librabbitmq does not announce by itself.
    /// librabbitmq merges its own (`authentication_failure_close`) into them.
    static func capabilities(merging given: FieldValue?) -> FieldTable {
        var capabilities = FieldTable()
        if case .table(let table)? = given { capabilities = table }
        capabilities.set("connection.blocked", .boolean(true))
        return capabilities
    }

    /// Why a connect failed: librabbitmq says only "socket error", so a probe connect
    /// learns the errno.
    static func connectError(status: Int32, options: ConnectionOptions, _ context: LibRabbitMQReply.Context) -> AMQPError {
        var error = LibRabbitMQReply.error(status: status, context)
        guard status == LibRabbitMQReply.status(AMQP_STATUS_SOCKET_ERROR) || status == LibRabbitMQReply.status(AMQP_STATUS_TCP_ERROR) else {
            return error
        }
        let timeoutMilliseconds = Int32(clamping: max(100, min(2000, milliseconds(options.connectTimeout))))
        let probe = options.host.withCString { hutch_probe_connect_errno($0, Int32(options.port), timeoutMilliseconds) }
        switch probe {
        case ECONNREFUSED:
            error.code = .connectionRefused
        case EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL, -1:
            error.code = .hostUnreachable
        case ETIMEDOUT:
            error.code = .connectTimeout
        default:
            error.code = .connectionLost
        }
        let reason = probe == -1 ? "the host name does not resolve" : String(cString: strerror(probe))
        error.detail = "\(options.host):\(options.port): \(reason)"
        return error
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    static func timeval(_ duration: Duration) -> timeval {
        let (seconds, attoseconds) = duration.components
        return Glibc.timeval(tv_sec: Int(max(0, seconds)), tv_usec: Int(max(0, attoseconds / 1_000_000_000_000)))
    }
}
