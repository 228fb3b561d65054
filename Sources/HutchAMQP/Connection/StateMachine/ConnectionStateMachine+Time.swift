import HutchConventions

extension ConnectionStateMachine {
    /// Time passed: the confirms and held requests whose deadline is `now` or earlier fail.
    /// ``confirmDeadline`` becomes the earliest deadline of the confirms still pending.
    mutating func tick(at now: ContinuousClock.Instant) -> (confirms: [SettledConfirm], expired: [(HeldRequest, AMQPError)]) {
        var confirms: [SettledConfirm] = []
        var earliest: InlineInstant?
        // Each channel changed in place, through the dictionary's values: reading one
        // (`channels[number]?`, `channels.values[index]`) copies all of it.
        var index = channels.startIndex
        while index != channels.endIndex {
            let (expired, next) = channels.values[index].expireConfirms(channel: channels.keys[index], at: now)
            confirms += expired
            if let next { earliest = min(earliest ?? next, next) }
            channels.formIndex(after: &index)
        }
        confirmDeadline = earliest
        guard held.contains(where: { $0.deadline <= now }) else { return (confirms, []) }
        let reason = blockedReason ?? "no reason given"
        let expired = held.filter { $0.deadline <= now }.map { entry in
            (
                entry,
                AMQPError.connectionBlocked(reason: reason, operation: entry.operation, channel: entry.channel, patience: entry.patience)
            )
        }
        held.removeAll { $0.deadline <= now }
        return (confirms, expired)
    }

    /// How a call behaves while the broker blocks the connection.
    enum BlockedPolicy: Equatable {
        /// Goes out anyway: acks, nacks and rejects (the broker needs them to free
        /// memory), and the client's close (which then only destroys the socket).
        case proceeds
        /// Held until `connection.unblocked` or its deadline: publishes.
        case holds
        /// Requests: the frames already arrived are read first, so a `connection.blocked`
        /// in flight is seen (the broker would not answer the request while blocked).
        case readsThenHolds
    }

    /// The ``BlockedPolicy`` of `operation`.
    static func blockedPolicy(for operation: AMQPError.Operation) -> BlockedPolicy {
        switch operation {
        case .ack, .nack, .reject, .close: .proceeds
        case .publish: .holds
        default: .readsThenHolds
        }
    }

    /// Runs `request` now (returned) or, while the broker blocks the connection and the
    /// operation's ``BlockedPolicy`` holds it, holds it until `connection.unblocked` or
    /// `now + patience` (the RPC timeout when `nil`).
    mutating func holdIfBlocked(
        _ operation: AMQPError.Operation, channel: UInt16?, patience: Duration?, at now: ContinuousClock.Instant,
        run: @escaping () -> Void, expire: @escaping (AMQPError) -> Void
    ) -> (() -> Void)? {
        guard isOpen, blockedReason != nil, Self.blockedPolicy(for: operation) != .proceeds else { return run }
        let patience = patience ?? rpcTimeout
        held.append(
            HeldRequest(deadline: now + patience, patience: patience, operation: operation, channel: channel, run: run, expire: expire))
        return nil
    }

    /// How long the I/O thread may sleep from `now`: until the next heartbeat is due to be
    /// sent (half the interval, at most a second), the earliest confirm deadline
    /// (``confirmDeadline``: once in a while earlier) or the earliest deadline of a held
    /// request (plus a millisecond, so the thread wakes after the deadline rather than
    /// just before it).
    func waitTimeout(from now: ContinuousClock.Instant) -> Duration {
        guard isOpen else { return .seconds(1) }
        var timeout: Duration = heartbeat > 0 ? min(.seconds(1), .milliseconds(Int64(heartbeat) * 500)) : .seconds(1)
        func wake(at deadline: ContinuousClock.Instant) {
            timeout = min(timeout, max(.zero, now.duration(to: deadline) + .milliseconds(1)))
        }
        if let confirmDeadline { wake(at: confirmDeadline.instant) }
        for entry in held { wake(at: entry.deadline) }
        return timeout
    }
}
