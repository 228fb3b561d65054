import HutchAMQP

extension BrokerModel {
    /// `connection.blocked`: from now on publishes and requests of `connection` are held.
    mutating func block(_ connection: ConnectionID, reason: String) {
        guard connections[connection]?.isOpen == true else { return }
        if connections[connection]?.blockedSince == nil { connections[connection]?.blockedSince = now }
        connections[connection]?.blockedReason = reason
    }

    /// `connection.unblocked`: held calls go ahead and the observers hear how long the
    /// block lasted (on the test clock).
    mutating func unblock(_ connection: ConnectionID) {
        guard let entity = connections[connection], entity.isOpen, let reason = entity.blockedReason else { return }
        connections[connection]?.blockedReason = nil
        connections[connection]?.blockedSince = nil
        let episode = BlockedEpisode(reason: reason, duration: .milliseconds(now - (entity.blockedSince ?? now)))
        effects.append(.unblocked(entity.unblockObservers, episode))
        for call in entity.held { effects.append(.resume(call.resume, nil)) }
        connections[connection]?.held = []
    }

    /// Holds a call of `connection` while it is blocked (until `unblock` or the test
    /// clock passes `patience`); `false` when it may run now.
    mutating func holdIfBlocked(
        _ operation: AMQPError.Operation, channel: UInt16?, patience: Duration, on connection: ConnectionID,
        resume: @escaping @Sendable (AMQPError?) -> Void
    ) -> Bool {
        guard connections[connection]?.blockedReason != nil else { return false }
        let deadline = now + Int64(patience.components.seconds) * 1000 + patience.components.attoseconds / 1_000_000_000_000_000
        connections[connection]?.held.append(
            HeldCall(deadline: deadline, patience: patience, operation: operation, channel: channel, resume: resume))
        return true
    }

    /// Fails the held calls whose patience ran out with `connectionBlocked`, as
    /// ``AMQPConnection`` does: nothing was sent, the connection stays open.
    mutating func expireHeldCalls(of connection: ConnectionID) {
        guard let entity = connections[connection], entity.held.contains(where: { $0.deadline <= now }) else { return }
        let reason = entity.blockedReason ?? "no reason given"
        for call in entity.held where call.deadline <= now {
            let error = AMQPError.connectionBlocked(
                reason: reason, operation: call.operation, channel: call.channel, patience: call.patience)
            effects.append(.resume(call.resume, error))
        }
        connections[connection]?.held.removeAll { $0.deadline <= now }
    }
}
