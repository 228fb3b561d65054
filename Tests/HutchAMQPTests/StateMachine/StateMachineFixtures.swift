import HutchConventions

@testable import HutchAMQP

/// Building blocks for the state machine's tests: a machine that is open with channels,
/// feeds, confirms and frames. No socket anywhere.
enum StateMachineFixtures {
    static let start = ContinuousClock.now

    /// An open machine with `channels` opened.
    static func open(channels: [UInt16] = [1], heartbeat: UInt16 = 0, rpcTimeout: Duration = .seconds(30)) -> ConnectionStateMachine {
        var machine = ConnectionStateMachine()
        machine.connected(heartbeat: heartbeat, rpcTimeout: rpcTimeout)
        for channel in channels { machine.channelOpened(channel) }
        return machine
    }

    /// A feed nobody reads (the tests look at the actions, not the deliveries).
    static func feed() -> DeliveryFeed { DeliveryFeed() }

    static func confirm(
        deadline: ContinuousClock.Instant = start + .seconds(30), failsWhenReturned: Bool = false, messageID: String? = nil
    ) -> ConnectionStateMachine.PendingConfirm {
        .init(deadline: deadline, completion: { _ in }, failsWhenReturned: failsWhenReturned, messageID: messageID)
    }

    /// The `basic.return` ``returned(channel:)`` sends.
    static let noRoute = BasicReturn(replyCode: 312, replyText: "NO_ROUTE", exchange: "hutch", routingKey: "nobody.listens")

    /// A `basic.return` for NO_ROUTE on `channel`.
    static func returned(channel: UInt16 = 1) -> IncomingFrame {
        .method(channel: channel, .returned(noRoute))
    }

    /// A machine with channel `channel` in confirm mode and `count` confirmed publishes
    /// waiting (delivery tags 1...count).
    static func confirming(_ count: Int, channel: UInt16 = 1, deadline: ContinuousClock.Instant = start + .seconds(30))
        -> ConnectionStateMachine
    {
        var machine = open(channels: [channel])
        machine.confirmSelected(channel)
        for _ in 0..<count { machine.published(channel, confirmation: confirm(deadline: deadline)) }
        return machine
    }

    /// A machine with a consumer `tag` on `channel`.
    static func consuming(_ tag: String = "c1", channel: UInt16 = 1, feed: DeliveryFeed) -> ConnectionStateMachine {
        var machine = open(channels: [channel])
        _ = machine.consumeRequested(BasicConsume(queue: "q", consumerTag: tag), channel: channel, feed: feed)
        machine.consumeStarted(requestedTag: tag, tag: tag, channel: channel)
        return machine
    }

    static func deliver(_ tag: UInt64, consumer: String = "c1", channel: UInt16 = 1) -> IncomingFrame {
        .method(
            channel: channel,
            .deliver(BasicDeliver(consumerTag: consumer, deliveryTag: tag, redelivered: false, exchange: "x", routingKey: "k")))
    }

    static func header(_ size: UInt64, channel: UInt16 = 1) -> IncomingFrame {
        .header(channel: channel, properties: BasicProperties(), bodySize: size)
    }

    static func close(_ code: UInt16) -> Close { Close(replyCode: code, replyText: "TEXT \(code)", classID: 60, methodID: 40) }
}

extension ConnectionStateMachine.FrameAction {
    /// The settled confirms as (tag, error code or nil for an ack).
    var settled: [(UInt64, AMQPError.Code?)]? {
        guard case .settle(let settled) = self else { return nil }
        return settled.map { entry in
            switch entry.result {
            case .success: (entry.deliveryTag, nil)
            case .failure(let error): (entry.deliveryTag, error.code)
            }
        }
    }

    var delivery: IncomingDelivery? {
        guard case .deliver(_, let delivery) = self else { return nil }
        return delivery
    }

    var isNothing: Bool {
        guard case .nothing = self else { return false }
        return true
    }
}
