import HutchTestSupport
import Testing

/// The shared behaviour scenarios (``TransportBehaviour``) on the in-memory broker.
@Suite(.timeLimit(.minutes(1)))
struct InMemoryBrokerBehaviourTests {
    @Test("routing: default, direct, topic, fanout, headers exchanges and CC") func routing() async throws {
        try await TransportBehaviour.routing(.inMemory())
    }

    @Test("passive declare of a missing queue or exchange: 404, channel closed") func passiveDeclareOfMissing() async throws {
        try await TransportBehaviour.passiveDeclareOfMissing(.inMemory())
    }

    @Test("redeclare with other flags or arguments: 406 inequivalent arg") func redeclareWithOtherArguments() async throws {
        try await TransportBehaviour.redeclareWithOtherArguments(.inMemory())
    }

    @Test("reject without requeue dead-letters with x-death") func deadLetterOnReject() async throws {
        try await TransportBehaviour.deadLetterOnReject(.inMemory())
    }

    @Test("expiration and x-message-ttl dead-letter; a second trip counts 2") func expiryDeadLetters() async throws {
        try await TransportBehaviour.expiryDeadLetters(.inMemory())
    }

    @Test("a message expires when it reaches the head of its queue") func expiryAtTheHead() async throws {
        try await TransportBehaviour.expiryAtTheHead(.inMemory())
    }

    @Test("requeue redelivers; cancel ends the consumer") func requeueRedelivers() async throws {
        try await TransportBehaviour.requeueRedelivers(.inMemory())
    }

    @Test("prefetch limits unacknowledged deliveries") func prefetchLimits() async throws {
        try await TransportBehaviour.prefetchLimits(.inMemory())
    }

    @Test("double ack: 406 unknown delivery tag closes the channel") func doubleAckClosesChannel() async throws {
        try await TransportBehaviour.doubleAckClosesChannel(.inMemory())
    }

    @Test("basic.get, purge, delete; closing a channel requeues") func getPurgeDelete() async throws {
        try await TransportBehaviour.getPurgeDelete(.inMemory())
    }

    @Test("confirms, mandatory returns, publish to a missing exchange") func confirmsAndReturns() async throws {
        try await TransportBehaviour.confirmsAndReturns(.inMemory())
    }

    @Test("exclusive queues 405, reserved names 403, unknown exchange type 503") func exclusiveAndReserved() async throws {
        try await TransportBehaviour.exclusiveAndReserved(.inMemory())
    }

    @Test("consumers round robin; a closed channel requeues; cancel after queue delete") func consumersShareAndRequeue() async throws {
        try await TransportBehaviour.consumersShareAndRequeue(.inMemory())
    }

    @Test("nack multiple without requeue dead-letters every earlier delivery") func nackMultipleDeadLetters() async throws {
        try await TransportBehaviour.nackMultipleDeadLetters(.inMemory())
    }

    @Test("a policy's dead-letter exchange, routing key and TTL apply to a queue declared without them") func policyDeadLetters()
        async throws
    {
        try await TransportBehaviour.policyDeadLetters(.inMemory())
    }

    @Test("x-max-length with reject-publish nacks and drops, reject-publish-dlx dead-letters, drop-head drops the oldest")
    func maxLengthOverflow() async throws {
        try await TransportBehaviour.maxLengthOverflow(.inMemory())
    }
}

/// The same scenarios on the real test broker: what the in-memory broker is checked against.
@Suite(
    .enabled("needs a reachable RabbitMQ at HUTCH_TEST_BROKER_URL; scripts/test.sh starts one") {
        await TestBroker.isReachable(for: "shared behaviour suite on the real broker")
    },
    .timeLimit(.minutes(2)))
struct RealBrokerBehaviourTests {
    @Test("routing: default, direct, topic, fanout, headers exchanges and CC") func routing() async throws {
        try await TransportBehaviour.routing(.real())
    }

    @Test("passive declare of a missing queue or exchange: 404, channel closed") func passiveDeclareOfMissing() async throws {
        try await TransportBehaviour.passiveDeclareOfMissing(.real())
    }

    @Test("redeclare with other flags or arguments: 406 inequivalent arg") func redeclareWithOtherArguments() async throws {
        try await TransportBehaviour.redeclareWithOtherArguments(.real())
    }

    @Test("reject without requeue dead-letters with x-death") func deadLetterOnReject() async throws {
        try await TransportBehaviour.deadLetterOnReject(.real())
    }

    @Test("expiration and x-message-ttl dead-letter; a second trip counts 2") func expiryDeadLetters() async throws {
        try await TransportBehaviour.expiryDeadLetters(.real())
    }

    @Test("a message expires when it reaches the head of its queue") func expiryAtTheHead() async throws {
        try await TransportBehaviour.expiryAtTheHead(.real())
    }

    @Test("requeue redelivers; cancel ends the consumer") func requeueRedelivers() async throws {
        try await TransportBehaviour.requeueRedelivers(.real())
    }

    @Test("prefetch limits unacknowledged deliveries") func prefetchLimits() async throws {
        try await TransportBehaviour.prefetchLimits(.real())
    }

    @Test("double ack: 406 unknown delivery tag closes the channel") func doubleAckClosesChannel() async throws {
        try await TransportBehaviour.doubleAckClosesChannel(.real())
    }

    @Test("basic.get, purge, delete; closing a channel requeues") func getPurgeDelete() async throws {
        try await TransportBehaviour.getPurgeDelete(.real())
    }

    @Test("confirms, mandatory returns, publish to a missing exchange") func confirmsAndReturns() async throws {
        try await TransportBehaviour.confirmsAndReturns(.real())
    }

    @Test("exclusive queues 405, reserved names 403, unknown exchange type 503") func exclusiveAndReserved() async throws {
        try await TransportBehaviour.exclusiveAndReserved(.real())
    }

    @Test("consumers round robin; a closed channel requeues; cancel after queue delete") func consumersShareAndRequeue() async throws {
        try await TransportBehaviour.consumersShareAndRequeue(.real())
    }

    @Test("nack multiple without requeue dead-letters every earlier delivery") func nackMultipleDeadLetters() async throws {
        try await TransportBehaviour.nackMultipleDeadLetters(.real())
    }

    @Test("a policy's dead-letter exchange, routing key and TTL apply to a queue declared without them") func policyDeadLetters()
        async throws
    {
        try await TransportBehaviour.policyDeadLetters(.real())
    }

    @Test("x-max-length with reject-publish nacks and drops, reject-publish-dlx dead-letters, drop-head drops the oldest")
    func maxLengthOverflow() async throws {
        try await TransportBehaviour.maxLengthOverflow(.real())
    }
}
