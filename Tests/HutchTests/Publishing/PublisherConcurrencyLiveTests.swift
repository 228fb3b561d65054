import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

/// Many confirmed publishes at once share the publisher's channel bookkeeping (a lock, not
/// an actor): nacks retire channels while other publishes still wait on them, and a
/// connection the broker closes under a crowd of publishes is replaced once, each publish
/// answered and none lost.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(3)))
struct PublisherConcurrencyLiveTests {
    @Test func twoHundredConcurrentNackedPublishesEachThrowAndLeaveNoChannelBehind() async throws {
        let refusing = FieldTable(pairs: [("x-max-length", .int64(0)), ("x-overflow", .string("reject-publish"))])
        try await PublisherChannelLiveTests.withPublisher("concurrent-nacks", queueArguments: refusing) {
            settings, hutch, publisher, routingKey in
            let outcomes = await withTaskGroup(of: String.self) { group in
                for n in 1...200 {
                    group.addTask {
                        do {
                            try await publisher.publish(routingKey, ["n": n], confirm: true)
                            return "confirmed"
                        } catch let error as AMQPError where error.code == .publishNacked {
                            return "nacked"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var outcomes: [String: Int] = [:]
                for await outcome in group { outcomes[outcome, default: 0] += 1 }
                return outcomes
            }
            #expect(outcomes == ["nacked": 200])
            // Every retired channel was closed once the last publish waiting on it had its answer.
            try await waitUntil(timeout: .seconds(10)) {
                (try? await LiveBroker.openChannelCount(virtualHost: settings.connection.virtualHost)) ?? 2 <= 1
            }
            #expect(try await LiveBroker.openChannelCount(virtualHost: settings.connection.virtualHost) <= 1)
            try await publisher.publish("unrouted", ["n": 0], confirm: true)
        }
    }

    @Test func aConnectionClosedUnderFiftyPublishingTasksLosesNoConfirmedMessage() async throws {
        let name = LiveBroker.uniqueName("crowd-connection")
        try await PublisherChannelLiveTests.withPublisher(
            "crowd", queueArguments: FieldTable(), configure: { $0.connection.connectionName = name }
        ) { settings, hutch, publisher, routingKey in
            let (amqp, channel, queue) = try await PublisherChannelLiveTests.reader(bound: routingKey, settings: settings)
            try await publisher.publish(routingKey, ["n": 0], confirm: true)
            let brokerSide = try await TestBroker.connection(named: name)

            // Fifty tasks publish one confirmed message after another until the broker has
            // closed the connection and each has published ten more (at most 2,000 each).
            let confirmed = Locked(0)
            let closed = Locked(false)
            let outcomes = try await withThrowingTaskGroup(of: [Int: String?].self) { group in
                for task in 0..<50 {
                    group.addTask {
                        var outcomes: [Int: String?] = [:]
                        var afterClose = 0
                        for i in 0..<2_000 {
                            guard afterClose < 10 else { break }
                            let n = task * 2_000 + i + 1
                            do {
                                try await publisher.publish(routingKey, ["n": n], confirm: true)
                                confirmed.withLock { $0 += 1 }
                                outcomes[n] = .some(nil)
                            } catch {
                                outcomes[n] = "\(error)"
                            }
                            if closed.value { afterClose += 1 }
                        }
                        return outcomes
                    }
                }
                try await waitUntil(timeout: .seconds(20)) { confirmed.value >= 200 }
                try await TestBroker.close(brokerSide, reason: "test: closed under concurrent publishes")
                closed.withLock { $0 = true }
                var outcomes: [Int: String?] = [:]
                for try await some in group { outcomes.merge(some) { first, _ in first } }
                return outcomes
            }
            let failures = outcomes.compactMapValues { $0 }
            #expect(failures.isEmpty, "a lost connection is retried on the next one: \(failures.prefix(3))")
            #expect(outcomes.count < 50 * 2_000, "the publishes ended before the broker closed the connection")
            #expect(await hutch.generation >= 2, "the closed connection was replaced")
            print("connection closed under 50 publishing tasks: \(outcomes.count) publishes, \(failures.count) failed")

            // Every confirmed message is in the queue (at least once: a publish the broker
            // took just before the close may have been sent again).
            let found = Set(try await PublisherChannelLiveTests.numbers(in: queue, on: amqp, channel: channel))
            await amqp.close()
            let missing = Set(outcomes.filter { $0.value == nil }.map(\.key)).subtracting(found)
            #expect(missing.isEmpty, "confirmed but not in the queue: \(missing.sorted().prefix(10))")
        }
    }
}
