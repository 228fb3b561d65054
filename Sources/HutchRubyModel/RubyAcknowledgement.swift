import HutchConventions

/// One acknowledgement frame a client sends for a delivery: `basic.ack`,
/// `basic.nack` or `basic.reject`.
///
/// Hutch's broker sends them as `ack(tag)` → `basic.ack` multiple false,
/// `nack(tag)` → `basic.nack` multiple false requeue false, `reject(tag)` →
/// `basic.reject` requeue false, `requeue(tag)` → `basic.reject` requeue true.
package enum RubyAcknowledgement: Sendable, Equatable {
    /// `basic.ack`.
    case ack(BasicAck)
    /// `basic.nack`.
    case nack(BasicNack)
    /// `basic.reject`.
    case reject(BasicReject)

    /// `Hutch::Broker#ack`: `basic.ack`, multiple false.
    package static func hutchAck(_ tag: UInt64) -> RubyAcknowledgement { .ack(BasicAck(deliveryTag: tag, multiple: false)) }
    /// `Hutch::Broker#nack`: `basic.nack`, multiple false, requeue false.
    package static func hutchNack(_ tag: UInt64) -> RubyAcknowledgement {
        .nack(BasicNack(deliveryTag: tag, multiple: false, requeue: false))
    }
    /// `Hutch::Broker#reject`: `basic.reject`, requeue false.
    package static func hutchReject(_ tag: UInt64) -> RubyAcknowledgement { .reject(BasicReject(deliveryTag: tag, requeue: false)) }
    /// `Hutch::Broker#requeue`: `basic.reject`, requeue true.
    package static func hutchRequeue(_ tag: UInt64) -> RubyAcknowledgement { .reject(BasicReject(deliveryTag: tag, requeue: true)) }

    /// The method name (`"basic.ack"`, `"basic.nack"`, `"basic.reject"`).
    package var methodName: String { method.name }

    /// The frame as an ``AMQPMethod``.
    package var method: AMQPMethod {
        switch self {
        case .ack(let m): .basicAck(m)
        case .nack(let m): .basicNack(m)
        case .reject(let m): .basicReject(m)
        }
    }

    /// The delivery tag the frame settles.
    package var deliveryTag: UInt64 {
        switch self {
        case .ack(let m): m.deliveryTag
        case .nack(let m): m.deliveryTag
        case .reject(let m): m.deliveryTag
        }
    }

    /// The `multiple` flag (`nil` for `basic.reject`, which has none).
    package var multiple: Bool? {
        switch self {
        case .ack(let m): m.multiple
        case .nack(let m): m.multiple
        case .reject: nil
        }
    }

    /// The `requeue` flag (`nil` for `basic.ack`, which has none).
    package var requeue: Bool? {
        switch self {
        case .ack: nil
        case .nack(let m): m.requeue
        case .reject(let m): m.requeue
        }
    }

    /// What the broker does with the delivery when this is the frame that settles it.
    package var outcome: RubyDeliveryOutcome {
        switch self {
        case .ack: .ack
        case .nack(let m): m.requeue ? .requeue : .nack
        case .reject(let m): m.requeue ? .requeue : .reject
        }
    }
}
