internal import CRabbitMQ
import HutchConventions

/// The one funnel that turns librabbitmq statuses and RPC replies into ``AMQPError``s.
enum LibRabbitMQReply {
    /// Where a failure happened, for the error's context.
    struct Context {
        var operation: AMQPError.Operation
        var channel: UInt16?
        /// Whether this is the login handshake, where a closed socket or a 403 means
        /// the credentials were refused.
        var duringLogin = false
    }

    static func status(_ name: amqp_status_enum) -> Int32 { Int32(name.rawValue) }

    /// The error for a negative librabbitmq status (`amqp_status_enum`).
    static func error(status rawStatus: Int32, _ context: Context, detail: String? = nil) -> AMQPError {
        // librabbitmq stores some statuses negated in `library_error`; normalise.
        let status = rawStatus > 0 ? -rawStatus : rawStatus
        let code: AMQPError.Code
        switch status {
        case Self.status(AMQP_STATUS_CONNECTION_CLOSED), Self.status(AMQP_STATUS_SOCKET_CLOSED),
            Self.status(AMQP_STATUS_SOCKET_ERROR), Self.status(AMQP_STATUS_TCP_ERROR):
            code = context.duringLogin ? .authenticationFailed : .connectionLost
        case Self.status(AMQP_STATUS_HEARTBEAT_TIMEOUT):
            code = .heartbeatTimeout
        case Self.status(AMQP_STATUS_TIMEOUT):
            code = context.operation == .connect ? .connectTimeout : .timeout
        case Self.status(AMQP_STATUS_HOSTNAME_RESOLUTION_FAILED):
            code = .hostUnreachable
        case Self.status(AMQP_STATUS_SSL_ERROR), Self.status(AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED),
            Self.status(AMQP_STATUS_SSL_PEER_VERIFY_FAILED), Self.status(AMQP_STATUS_SSL_CONNECTION_FAILED),
            Self.status(AMQP_STATUS_SSL_SET_ENGINE_FAILED):
            code = .tlsFailed
        case Self.status(AMQP_STATUS_BAD_AMQP_DATA), Self.status(AMQP_STATUS_UNKNOWN_CLASS),
            Self.status(AMQP_STATUS_UNKNOWN_METHOD), Self.status(AMQP_STATUS_INCOMPATIBLE_AMQP_VERSION),
            Self.status(AMQP_STATUS_WRONG_METHOD), Self.status(AMQP_STATUS_UNEXPECTED_STATE):
            code = .protocolError
        case Self.status(AMQP_STATUS_INVALID_PARAMETER), Self.status(AMQP_STATUS_TABLE_TOO_BIG):
            code = .invalidArgument
        default:
            code = .libraryFailure
        }
        var detail = detail
        if context.duringLogin, code == .authenticationFailed {
            detail = detail ?? "the broker closed the socket during login, which RabbitMQ does when it refuses the credentials"
        }
        // A failed librabbitmq call leaves the connection state unusable.
        return AMQPError(
            code: code, operation: context.operation, channel: context.channel, libraryStatus: status,
            libraryStatusText: LibRabbitMQStatus.text(status), detail: detail, scope: .connection)
    }

    /// The error for a broker's `channel.close` or `connection.close`.
    static func error(close: Close, connectionLevel: Bool, _ context: Context) -> AMQPError {
        AMQPError.brokerClose(
            close, connectionLevel: connectionLevel, operation: context.operation, channel: context.channel,
            duringLogin: context.duringLogin)
    }

    /// What an RPC reply means: `nil` for a normal reply, else the error and whether the
    /// broker closed the connection (`connection.close`) or only the channel.
    static func error(reply: amqp_rpc_reply_t, _ context: Context) -> AMQPError? {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return nil
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            return error(status: reply.library_error, context)
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            guard let decoded = reply.reply.decoded else {
                return AMQPError(
                    code: .protocolError, operation: context.operation, channel: context.channel,
                    detail: "a server exception without a method", scope: .connection)
            }
            switch reply.reply.id {
            case MethodNumber.channelClose:
                let c = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                return error(close: closeCopy(c.reply_code, c.reply_text, c.class_id, c.method_id), connectionLevel: false, context)
            case MethodNumber.connectionClose:
                let c = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                return error(close: closeCopy(c.reply_code, c.reply_text, c.class_id, c.method_id), connectionLevel: true, context)
            default:
                return AMQPError(
                    code: .protocolError, operation: context.operation, channel: context.channel,
                    detail: "unexpected method 0x\(String(reply.reply.id, radix: 16)) in reply", scope: .connection)
            }
        default:
            return AMQPError(
                code: .libraryFailure, operation: context.operation, channel: context.channel,
                detail: "librabbitmq returned no reply (AMQP_RESPONSE_NONE)")
        }
    }

    /// A close copied out; reply text that is not UTF-8 is shown lossily rather than lost.
    static func closeCopy(_ replyCode: UInt16, _ text: amqp_bytes_t, _ classID: UInt16, _ methodID: UInt16) -> Close {
        Close(
            replyCode: replyCode, replyText: String(decoding: text.copiedBytes, as: UTF8.self),
            classID: classID, methodID: methodID)
    }
}
