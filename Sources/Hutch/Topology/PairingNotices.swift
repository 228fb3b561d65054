import HutchConventions
import Logging

/// What the worker and the publisher say about the Ruby pairing: each thing once, at the
/// level it deserves.
struct PairingNotices: Sendable {
    let settings: HutchClientSettings
    let logger: Logger

    private var check: PairingCheck { PairingCheck(settings: settings) }

    /// Before the worker declares anything: applies the repair policy when asked, and warns
    /// once per consumer whose queue the pairing declares with less than it asks for.
    func beforeStart(consumers: [ConsumerDefinition]) async {
        for consumer in consumers where !QuorumQueueConflict.asksForQuorum(consumer) {
            if let dropped = DroppedQueueOptions.check(consumer, settings: settings) { logger.warning("\(dropped)") }
        }
        await applyRepairIfAsked()
    }

    /// Sets the repair policy when ``PairingSettings/applyRepairPolicy`` asks for it.
    func applyRepairIfAsked() async {
        guard settings.pairing.applyRepairPolicy, !settings.pairing.repairAcknowledged, let broken = check.brokenPairing else { return }
        do {
            try await check.applyRepairPolicy()
            logger.notice("applied the repair policy \(broken.repair.name) through the management API (settings.pairing.applyRepairPolicy)")
        } catch {
            logger.error("could not apply the repair policy \(broken.repair.name): \(error)")
        }
    }

    /// Once the delay queues are declared: whether the repair is in effect, said once.
    /// `context` says who is reporting (`"worker"`, `"enqueueIn"`).
    func reportRepair(context: String) async {
        guard let broken = check.brokenPairing else { return }
        var status = await check.status()
        // A policy just applied shows in the management API's queue details once its
        // statistics are next collected (every 5 s by default).
        if settings.pairing.applyRepairPolicy, case .missing = status {
            for _ in 0..<20 {
                guard (try? await Task.sleep(for: .milliseconds(500))) != nil else { break }
                status = await check.status()
                if case .inEffect = status { break }
            }
        }
        let metadata: Logger.Metadata = ["context": "\(context)", "exchange": "\(settings.topology.mqExchange)"]
        switch status {
        case .notNeeded:
            return
        case .acknowledged:
            logger.info(
                "broken Ruby pairing acknowledged (settings.pairing.repairAcknowledged): not checking the repair policy", metadata: metadata
            )
        case .inEffect(let policies):
            logger.info(
                "hutch-schedule 0.7.3 on Hutch \(broken.profile.hutch): delay queues repaired by policy \(policies.joined(separator: ", ")); delayed and retried messages come back",
                metadata: metadata)
        case .missing(let queues):
            logger.error(
                "\(broken.explanation) (no dead-letter exchange on \(queues.count) delay queue\(queues.count == 1 ? "" : "s"), e.g. \(queues[0]))",
                metadata: metadata)
        case .unverified(let reason):
            logger.warning(
                "\(broken.explanation). Whether the policy is in effect cannot be checked: \(reason); set settings.pairing.repairAcknowledged once it is",
                metadata: metadata)
        }
    }
}
