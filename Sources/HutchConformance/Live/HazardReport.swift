import HutchAMQP
import HutchConventions

/// The broker a live run met, the Ruby side each corpus was recorded with, and the
/// hazards that follow: printed after the results and written into the JSON report.
package struct HazardReport: Sendable, Equatable {
    /// The broker as it announced itself (`RabbitMQ 3.10.8 on Erlang/OTP 25.2.3`).
    package var broker: String
    /// Its version, when it parses.
    package var brokerVersion: ServerVersion?
    /// One line per corpus: the gems and broker it was recorded with.
    package var pairings: [String]
    /// The hazards, flagged or not.
    package var hazards: [Hazard]

    /// Creates a report.
    package init(broker: String, brokerVersion: ServerVersion?, pairings: [String], hazards: [Hazard]) {
        self.broker = broker
        self.brokerVersion = brokerVersion
        self.pairings = pairings
        self.hazards = hazards
    }

    /// RabbitMQ 3.13 stopped interpreting an `x-death` header a client publishes: a
    /// message MaxRetry republishes with its copy of `x-death` dead-letters with a fresh
    /// count, so the failure count never rises and retries never stop.
    package static func xDeathFromClientsIgnored(_ version: ServerVersion?) -> Bool {
        guard let version else { return false }
        return version >= ServerVersion(major: 3, minor: 13)
    }

    /// RabbitMQ 3.8.15 and later close a channel when a delivery stays unacknowledged
    /// longer than `consumer_timeout` (default 30 minutes).
    package static func enforcesConsumerTimeout(_ version: ServerVersion?) -> Bool {
        guard let version else { return true }
        return version >= ServerVersion(major: 3, minor: 8, patch: 15)
    }

    /// Assesses `cases` (as run) against the broker, citing the live checks in `report`;
    /// repairs are given for `virtualHost` (the run's) and the cases' exchange and namespace.
    /// `clusterNodes` are the broker's nodes as the management API lists them
    /// (`GET /api/nodes`; empty when it was not asked): more than one is a cluster.
    package static func assess(
        server: ServerProperties?, cases: [RecordedCase], report: RunReport, virtualHost: String = "/", clusterNodes: [String] = []
    ) -> HazardReport {
        let version = server?.version
        var broker = [server?.product ?? "unknown broker", server?.versionString ?? "(no version)"].joined(separator: " ")
        if let platform = server?.platform { broker += " on \(platform)" }

        var corpora: [String] = []
        var firstCase: [String: RecordedCase] = [:]
        for recorded in cases {
            let name = corpusName(recorded)
            if firstCase[name] == nil {
                corpora.append(name)
                firstCase[name] = recorded
            }
        }
        let pairings = corpora.compactMap { name -> String? in
            guard let with = firstCase[name]?.recordedWith else { return nil }
            var line = "\(name): Hutch \(with["hutch"] ?? "?")"
            if let schedule = with["hutch_schedule"] { line += " + hutch-schedule \(schedule)" }
            if let bunny = with["bunny"] { line += ", bunny \(bunny)" }
            if let ruby = with["ruby"] { line += ", Ruby \(ruby)" }
            if let rabbit = with["rabbitmq"] { line += "; recorded on RabbitMQ \(rabbit)" }
            return line
        }

        func evidence(_ predicate: (RecordedCase) -> Bool, checks: [String]) -> [String] {
            cases.filter(predicate).flatMap { recorded in
                checks.compactMap { check in
                    let name = "\(corpusName(recorded)) (live)/\(recorded.id)"
                    guard let result = report.results.first(where: { $0.fullName == name }) else { return nil }
                    guard let found = result.checks.first(where: { $0.name == check }) else { return nil }
                    return "\(name) [\(check)]: \(found.passed ? "passed" : "FAILED")"
                }
            }
        }
        let versionText = version?.description ?? "unknown"

        let xDeath = Hazard(
            id: "x-death-from-3.13",
            title: "client-published x-death is not interpreted from RabbitMQ 3.13 (MaxRetry never stops)",
            flagged: xDeathFromClientsIgnored(version),
            detail: xDeathFromClientsIgnored(version)
                ? "RabbitMQ \(versionText) ignores the x-death a client publishes: MaxRetry's republished copy dead-letters with count 1 again, the failure count never reaches the consumer's attempts, and a failing message is retried forever."
                : "RabbitMQ \(versionText) still counts the republished x-death up (1 → 2 in the chain), so MaxRetry stops; on RabbitMQ 3.13 or later it would not.",
            evidence: evidence({ LiveChain.chainID($0) != nil }, checks: ["live failure_count", "live decision"]))

        let delayCorpora = corpora.filter { name in
            guard let recorded = firstCase[name], recorded.recordedWith["hutch_schedule"] != nil else { return false }
            return !recorded.profile.delayQueuesDeadLetter
        }
        let delayQueues = Hazard(
            id: "delay-queues-without-arguments",
            title: "hutch-schedule 0.7.3 delay queues without arguments on Hutch ≥ 1.1.1 (delayed messages dropped)",
            flagged: !delayCorpora.isEmpty, corpora: delayCorpora,
            detail: delayCorpora.isEmpty
                ? "No corpus pairs hutch-schedule 0.7.3 with Hutch ≥ 1.1.1."
                : "Delay queues are declared non-durable with no x-dead-letter-exchange: an enqueue_in message expires and is dropped. Repair with a policy "
                    + DelayQueueRepair.needed(
                        by: cases.filter {
                            delayCorpora.contains(corpusName($0)) && $0.input["delivered_via"]?.stringValue == "enqueue_in"
                        }, virtualHost: virtualHost
                    )
                    .map(\.commands).joined(separator: "; ")
                    + " (the live delay checks run with the recorded policy).",
            evidence: evidence(
                { delayCorpora.contains(corpusName($0)) && $0.input["delivered_via"]?.stringValue == "enqueue_in" },
                checks: ["live arrival"]))

        let neverAcked: (RecordedCase) -> Bool = { recorded in
            recorded.kind == "consume" && recorded.profile.hutchScheduleLoaded && recorded.expected["outcome"]?.stringValue == "none"
        }
        let unackedCorpora = corpora.filter { name in cases.contains { corpusName($0) == name && neverAcked($0) } }
        let unacked = Hazard(
            id: "never-acknowledged",
            title: "messages never acknowledged under hutch-schedule's worker",
            flagged: !unackedCorpora.isEmpty, corpora: unackedCorpora,
            detail:
                "A body the worker cannot decode raises outside its rescue: no ack, nack or reject is sent, and the broker holds the delivery until the channel closes, then redelivers it.",
            evidence: evidence(neverAcked, checks: ["live broker reaction"]))

        let timeoutFlagged = enforcesConsumerTimeout(version) && !unackedCorpora.isEmpty
        let timeout = Hazard(
            id: "consumer-ack-timeout",
            title: "consumer delivery-acknowledgement timeouts",
            flagged: timeoutFlagged, corpora: timeoutFlagged ? unackedCorpora : [],
            detail: enforcesConsumerTimeout(version)
                ? "RabbitMQ \(versionText) closes a channel with 406 PRECONDITION_FAILED when a delivery stays unacknowledged longer than consumer_timeout (default 30 min): a never-acknowledged message (or a handler slower than the timeout) takes down the channel and every consumer on it, and Hutch does not reopen it."
                : "RabbitMQ \(versionText) has no consumer timeout: never-acknowledged deliveries are held for as long as the channel lives.",
            evidence: evidence(neverAcked, checks: ["live broker reaction"]))

        let scheduleCorpora = corpora.filter { firstCase[$0]?.recordedWith["hutch_schedule"] != nil }
        let onOneNode = delayQueuesOnOneNode(clusterNodes: clusterNodes, scheduleCorpora: scheduleCorpora)

        return HazardReport(
            broker: broker, brokerVersion: version, pairings: pairings, hazards: [xDeath, delayQueues, unacked, timeout, onOneNode])
    }

    /// hutch-schedule's delay queues in a cluster: classic queues, each on the one node
    /// that declared it first. Flagged for a cluster (more than one node) and corpora that
    /// load hutch-schedule.
    static func delayQueuesOnOneNode(clusterNodes: [String], scheduleCorpora: [String]) -> Hazard {
        let cluster = clusterNodes.count > 1
        let title = "hutch-schedule's delay queues live on one node of a cluster (delayed messages wait for, or die with, that node)"
        guard cluster else {
            let seen = clusterNodes.isEmpty ? "the management API was not asked for the broker's nodes" : "the broker is a single node"
            return Hazard(
                id: "delay-queues-on-one-node", title: title, flagged: false,
                detail: "Not a cluster (\(seen)). In a cluster, hutch-schedule's classic delay queues each live on one node.",
                evidence: [])
        }
        let detail = """
            The broker is a cluster of \(clusterNodes.count) nodes (\(clusterNodes.joined(separator: ", "))). hutch-schedule declares \
            its delay queues as classic queues: each lives on the node that declared it first. While that node is down, the \
            enqueue_in and MaxRetry messages waiting in it are not delivered, and re-declaring the queue (Hutch::Schedule.connect, \
            the Swift worker and publisher on every connection) fails with 404 NOT_FOUND until the node is back — so a client \
            that connects to another node publishes nothing (not even plain publishes) and its worker does not resubscribe \
            until then; the delayed messages come back \
            with the node when it restarts with its data (durable queues, persistent messages), and are lost with its disk — or \
            at once for the non-durable delay queues of hutch-schedule 0.7.3 on Hutch ≥ 1.1.1. What a shop can do: mirror the \
            delay queues with a policy (ha-mode exactly, ha-params 2, ha-sync-mode automatic, on a pattern matching \
            <mq_exchange>_delay_queue_; one policy applies to a queue, so where the pairing needs the TTL/dead-letter repair \
            both go in the same policy). Classic mirroring is deprecated in RabbitMQ 3.x and gone in 4.0. Quorum delay queues \
            cannot come from a policy — a policy cannot set x-queue-type — and a delay queue declared quorum makes Ruby's \
            declaration fail (406 PRECONDITION_FAILED, inequivalent arg 'x-queue-type': received none but current is \
            'quorum'), so they need every side to declare them quorum, which hutch-schedule 0.7 does not. (Measured by \
            swift-hutch's cluster test ClusterLiveTests/delayedMessagesOnAKilledNodeDoNotArriveWhileItIsDown.)
            """
        return Hazard(
            id: "delay-queues-on-one-node", title: title, flagged: !scheduleCorpora.isEmpty, corpora: scheduleCorpora,
            detail: scheduleCorpora.isEmpty ? "No corpus loads hutch-schedule. " + detail : detail,
            evidence: [])
    }

    /// `hutch-1.3.1` for a case recorded with Hutch 1.3.1.
    static func corpusName(_ recorded: RecordedCase) -> String {
        recorded.hutchVersion.map { "hutch-\($0)" } ?? "unversioned"
    }

    /// The lines the console prints after the results.
    package var consoleLines: [String] {
        var lines = ["Broker: \(broker)", "Ruby pairings:"]
        lines += pairings.map { "  \($0)" }
        lines.append("Hazards:")
        for hazard in hazards {
            let scope = hazard.corpora.isEmpty ? "" : " (\(hazard.corpora.joined(separator: ", ")))"
            lines.append("  [\(hazard.flagged ? "FLAGGED" : "not flagged")] \(hazard.title)\(scope)")
            lines.append("      \(hazard.detail)")
            lines += hazard.evidence.map { "      shown by \($0)" }
        }
        return lines
    }

    /// The report as JSON (the `live` object of the JSON report).
    package var jsonValue: JSONValue {
        [
            "broker": .string(broker),
            "broker_version": brokerVersion.map { .string($0.description) } ?? .null,
            "pairings": .array(pairings.map(JSONValue.string)),
            "hazards": .array(
                hazards.map { hazard in
                    [
                        "id": .string(hazard.id), "title": .string(hazard.title), "flagged": .bool(hazard.flagged),
                        "corpora": .array(hazard.corpora.map(JSONValue.string)), "detail": .string(hazard.detail),
                        "evidence": .array(hazard.evidence.map(JSONValue.string))
                    ]
                })
        ]
    }
}
