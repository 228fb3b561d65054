/// One axis of the input space a corpus covers (issue 13's dimensions), the values it
/// can take, and the kinds it applies to. ``CoverageTable`` counts the cases of a
/// corpus per dimension value, kind and Hutch version; every value is listed, so a
/// count of 0 shows what is not covered.
package struct CoverageDimension: Sendable {
    /// The dimension's name, as the table prints it.
    package var name: String
    /// The values it can take, in table order.
    package var values: [String]
    /// The kinds it applies to, in table order.
    package var kinds: [String]
    /// The values one case has along this dimension (none when it does not apply).
    var classify: @Sendable (CoverageFacts) -> [String]

    /// Every dimension of the table, in order.
    package static let all: [CoverageDimension] = [
        CoverageDimension(
            name: "pairing", values: ["hutch-schedule loaded", "hutch-schedule not loaded"],
            kinds: ["publish", "queue_name", "topology", "config", "consume"]
        ) { [$0.scheduleLoaded ? "hutch-schedule loaded" : "hutch-schedule not loaded"] },
        CoverageDimension(
            name: "connect", values: ["Hutch.connect", "Hutch::Schedule.connect"], kinds: ["topology", "consume"]
        ) { facts in facts.scheduleConnect.map { [$0 ? "Hutch::Schedule.connect" : "Hutch.connect"] } ?? [] },
        CoverageDimension(name: "serializer", values: ["json", "identity"], kinds: ["publish", "consume"]) {
            $0.serializer.map { [$0] } ?? []
        },
        CoverageDimension(
            name: "Hutch::Enqueue", values: ["included", "left out", "not defined"], kinds: ["consume"]
        ) { $0.enqueue.map { [$0] } ?? [] },
        CoverageDimension(
            name: "attempts", values: ["none", "0", "1", "n"], kinds: ["enqueue", "enqueue_in", "enqueue_at", "retry", "consume"]
        ) { $0.attempts.map { [$0] } ?? [] },
        CoverageDimension(
            name: "handler", values: ["returns", "raises", "requeue!", "reject!", "requeue! then raise", "reject! then raise"],
            kinds: ["consume"]
        ) { $0.handler.map { [$0] } ?? [] },
        CoverageDimension(name: "delivered via", values: ["publish", "enqueue_in", "raw"], kinds: ["consume"]) {
            $0.deliveredVia.map { [$0] } ?? []
        },
        CoverageDimension(
            name: "error handlers", values: ["default", "with MaxRetry"], kinds: ["consume"]
        ) { $0.errorHandlers.map { [$0] } ?? [] },
        CoverageDimension(
            name: "body", values: CoverageFacts.bodyValues,
            kinds: ["publish", "enqueue", "enqueue_in", "enqueue_at", "retry", "consume"]
        ) { $0.body },
        CoverageDimension(
            name: "x-death headers", values: ["none", "counted", "MaxRetry raises"], kinds: ["retry", "consume"]
        ) { $0.xDeath.map { [$0] } ?? [] },
        CoverageDimension(
            name: "outcome", values: ["ack", "nack", "reject", "requeue", "none"], kinds: ["consume"]
        ) { $0.outcome.map { [$0] } ?? [] },
        CoverageDimension(
            name: "queue declaration",
            values: ["defaults", "arguments", "lazy_queue", "classic_queue", "quorum_queue", "queue_options", "several consumers"],
            kinds: ["topology"]
        ) { $0.queueDeclaration },
        CoverageDimension(
            name: "broker", values: ["accepts", "refuses (channel.close)"], kinds: ["topology", "consume"]
        ) { $0.broker.map { [$0] } ?? [] },
        CoverageDimension(
            name: "nulls", values: ["expected has a null field"], kinds: CoverageFacts.kinds
        ) { $0.expectedHasNull ? ["expected has a null field"] : [] }
    ]
}
