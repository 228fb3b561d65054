extension Publisher {
    /// After the first `enqueueIn` (its delay queues are declared by then): on a broken
    /// pairing, says once whether its messages come back (see ``PairingSettings``), in the
    /// background, so no publish waits for the management API.
    func reportPairingOnce() {
        guard !pairingReported.load(ordering: .relaxed), BrokenPairing.detect(connection.settings) != nil,
            !pairingReported.exchange(true, ordering: .relaxed)
        else { return }
        let notices = PairingNotices(settings: connection.settings, logger: logger)
        Task {
            await notices.applyRepairIfAsked()
            await notices.reportRepair(context: "enqueueIn")
        }
    }
}
