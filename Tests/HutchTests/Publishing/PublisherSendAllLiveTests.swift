import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

/// `Publisher.sendAll`: many confirmed publishes in flight at once, written together in the
/// order given, each with its own answer; a nack retires the channel once, and a batch the
/// broker's connection dies under is sent again on the next connection, none lost.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(3)))
struct PublisherSendAllLiveTests {
    static func messages(_ count: Int, routingKey: String, settings: HutchClientSettings) throws -> [OutgoingMessage] {
        try (0..<count).map {
            try Publisher.message(routingKey, json: ["n": .integer(JSONInteger($0))], configuration: settings.publisherConfiguration)
        }
    }

    @Test func everyMessageInFlightIsConfirmed() async throws {
        try await PublisherChannelLiveTests.withPublisher("send-all", queueArguments: FieldTable()) {
            settings, hutch, publisher, routingKey in
            let results = await publisher.sendAll(try Self.messages(300, routingKey: routingKey, settings: settings), confirm: true)
            #expect(results.count == 300)
            let failures = results.compactMap { result -> String? in
                if case .failure(let error) = result { return "\(error)" }
                return nil
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
        }
    }

    @Test func eachNackIsReportedForItsOwnMessage() async throws {
        // Up to 5 messages fit; the broker nacks every publish beyond them.
        let bounded = FieldTable(pairs: [("x-max-length", .int64(5)), ("x-overflow", .string("reject-publish"))])
        try await PublisherChannelLiveTests.withPublisher("send-all-nack", queueArguments: bounded) { settings, _, publisher, routingKey in
            let results = await publisher.sendAll(try Self.messages(40, routingKey: routingKey, settings: settings), confirm: true)
            var confirmed = 0
            var nacked = 0
            var other: [String] = []
            for result in results {
                switch result {
                case .success: confirmed += 1
                case .failure(let error as AMQPError) where error.code == .publishNacked: nacked += 1
                case .failure(let error): other.append("\(error)")
                }
            }
            #expect(other.isEmpty, "\(other.prefix(3))")
            #expect(confirmed == 5)
            #expect(nacked == 35)
            // The nacks retired the channel once: it is closed (its number not closed again
            // under a later channel), and the next batch goes out on a new one.
            try await waitUntil(timeout: .seconds(10)) {
                (try? await LiveBroker.openChannelCount(virtualHost: settings.connection.virtualHost)) ?? 2 == 0
            }
            let later = await publisher.sendAll(try Self.messages(10, routingKey: "unrouted", settings: settings), confirm: true)
            #expect(later.allSatisfy { (try? $0.get()) != nil }, "\(later)")
            #expect(try await LiveBroker.openChannelCount(virtualHost: settings.connection.virtualHost) == 1)
        }
    }

    @Test func aMessageToAMissingExchangeFailsTheBatchWithoutHangingAndTheNextBatchGoesOut() async throws {
        try await PublisherChannelLiveTests.withPublisher("send-all-404", queueArguments: FieldTable()) {
            settings, _, publisher, routingKey in
            var messages = try Self.messages(3, routingKey: routingKey, settings: settings)
            messages[1].exchange = LiveBroker.uniqueName("missing-x")
            let results = await publisher.sendAll(messages, confirm: true)
            // The broker closes the channel (404) on the second message: it fails with that
            // error; the others were confirmed first or fail with the closed channel.
            guard case .failure(let error as AMQPError) = results[1] else {
                Issue.record("the publish to a missing exchange: \(results[1])")
                return
            }
            #expect(error.replyCode == 404, "\(error)")
            #expect(results.count == 3)
            let next = await publisher.sendAll(try Self.messages(5, routingKey: routingKey, settings: settings), confirm: true)
            #expect(next.allSatisfy { (try? $0.get()) != nil }, "a new channel after the 404: \(next)")
        }
    }

    @Test func theMessagesReachTheQueueInTheOrderGiven() async throws {
        try await PublisherChannelLiveTests.withPublisher("send-all-order", queueArguments: FieldTable()) {
            settings, _, publisher, routingKey in
            let (amqp, channel, queue) = try await PublisherChannelLiveTests.reader(bound: routingKey, settings: settings)
            for _ in 0..<3 {
                let results = await publisher.sendAll(try Self.messages(200, routingKey: routingKey, settings: settings), confirm: true)
                #expect(results.allSatisfy { (try? $0.get()) != nil })
                let order = try await PublisherChannelLiveTests.numbers(in: queue, on: amqp, channel: channel)
                #expect(order == Array(0..<200))
            }
            await amqp.close()
        }
    }

    @Test func aBatchTheConnectionDiesUnderIsSentAgainAndNothingConfirmedIsLost() async throws {
        let name = LiveBroker.uniqueName("send-all-connection")
        try await PublisherChannelLiveTests.withPublisher(
            "send-all-lost", queueArguments: FieldTable(), configure: { $0.connection.connectionName = name }
        ) { settings, hutch, publisher, routingKey in
            let (amqp, channel, queue) = try await PublisherChannelLiveTests.reader(bound: routingKey, settings: settings)
            try await publisher.publish(routingKey, ["n": -1], confirm: true)
            let brokerSide = try await TestBroker.connection(named: name)
            // Batches of 200, 50 ms apart, until the broker has closed the connection (under
            // a batch or between two) and three more batches were answered (at most 200).
            let closed = Locked(false)
            let sending = Task {
                var answers: [Int: String?] = [:]
                var afterClose = 0
                for batch in 0..<200 where afterClose < 3 {
                    if closed.value { afterClose += 1 }
                    let messages = try (0..<200).map { i in
                        try Publisher.message(
                            routingKey, json: ["n": .integer(JSONInteger(batch * 200 + i))],
                            configuration: settings.publisherConfiguration)
                    }
                    for (i, result) in await publisher.sendAll(messages, confirm: true).enumerated() {
                        answers[batch * 200 + i] = result.failureDescription
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return answers
            }
            try await Task.sleep(for: .milliseconds(100))
            try await TestBroker.close(brokerSide, reason: "test: closed under a batch of confirmed publishes")
            closed.withLock { $0 = true }
            let answers = try await sending.value
            let failures = answers.compactMapValues { $0 }
            #expect(failures.isEmpty, "a lost connection is retried on the next one: \(failures.prefix(3))")
            #expect(await hutch.generation >= 2, "the closed connection was replaced")
            let found = Set(try await PublisherChannelLiveTests.numbers(in: queue, on: amqp, channel: channel))
            await amqp.close()
            let missing = Set(answers.filter { $0.value == nil }.map(\.key)).subtracting(found)
            #expect(missing.isEmpty, "confirmed but not in the queue: \(missing.sorted().prefix(10))")
            print("connection closed under batches of 200: \(answers.count) publishes, \(failures.count) failed")
        }
    }
}

extension Result {
    /// The error's description, `nil` on success.
    fileprivate var failureDescription: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}
