import Foundation
import HutchAMQP
import HutchConventions

/// Swift → Ruby: Swift publishes each case's message through the broker; the peer's
/// consumers (one per serializer, bound with `#`) report what they saw, and that is
/// compared with what the recording says Ruby would see.
///
/// The messages go out in one batch with publisher confirms, followed by a sentinel;
/// once every expected event came (``PeerConsumedExpectation``, or the wait timed out)
/// the `consumed` events are matched to the cases by `message_id`.
///
/// Checks: `peer swift->ruby delivery` (exchange, routing key, typed properties,
/// body bytes), `peer swift->ruby headers` (`headers_ruby`: key order and Ruby
/// classes), `peer swift->ruby message` (Hutch::Message per consumer, or its absence
/// where the serializer cannot build it).
struct PeerSwiftToRuby {
    var session: PeerSession
    var lane: LiveLane
    var exchange: String
    var consumers: [PeerSpec.Consumer]
    var timeout: Duration
    var environment: CheckEnvironment

    func run(_ cases: [(Int, PeerCase)]) async -> [Int: [CaseResult.Check]] {
        let start = await session.events.count
        let sentinelID = "hutch-conformance-sentinel-\(environment.makeUUID())"
        do {
            try await lane.withChannel { channel in
                try await lane.connection.confirmSelect(on: channel)
                for (_, peerCase) in cases {
                    let message = peerCase.swift
                    try await lane.connection.publishConfirmed(
                        message.method, properties: message.properties, body: message.body, on: channel)
                }
                var properties = BasicProperties()
                properties.contentType = "application/json"
                properties.messageID = sentinelID
                try await lane.connection.publishConfirmed(
                    BasicPublish(exchange: exchange, routingKey: "hutch_conformance.sentinel"),
                    properties: properties, body: Array(#"{"sentinel":true}"#.utf8), on: channel)
            }
        } catch {
            return Dictionary(
                uniqueKeysWithValues: cases.map { index, _ in
                    (
                        index,
                        [
                            CaseResult.Check(
                                name: "peer swift->ruby delivery",
                                differences: [
                                    Difference(path: "publish", ruby: "consumes what Swift publishes", swift: "publishing failed: \(error)")
                                ])
                        ]
                    )
                })
        }
        var expectation = PeerConsumedExpectation(start: start)
        for (_, peerCase) in cases {
            for consumer in consumers where PeerConsumedComparison.isBuilt(peerCase.expectedDelivery, by: consumer) {
                expectation.expect(consumer: consumer.className, messageID: peerCase.swift.properties.messageID)
            }
        }
        for consumer in consumers { expectation.expect(consumer: consumer.className, messageID: sentinelID) }
        let complete = await expectation.wait(on: session, within: timeout)
        let waited = complete ? "(the expected events all came)" : "within \(timeout)"
        var pool = PeerEventPool(await session.events.dropFirst(start).filter { $0.kind == .consumed })
        var results: [Int: [CaseResult.Check]] = [:]
        for (index, peerCase) in cases {
            let messageID = peerCase.swift.properties.messageID
            let comparison = PeerConsumedComparison(
                expected: peerCase.expectedDelivery,
                events: consumers.map { ($0, pool.take(consumer: $0.className, messageID: messageID)) },
                waited: waited)
            results[index] = [
                CaseResult.Check(name: "peer swift->ruby delivery", differences: comparison.delivery()),
                CaseResult.Check(name: "peer swift->ruby headers", differences: comparison.headers()),
                CaseResult.Check(name: "peer swift->ruby message", differences: comparison.message())
            ]
        }
        return results
    }
}
