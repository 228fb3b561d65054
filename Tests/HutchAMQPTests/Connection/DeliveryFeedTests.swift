import HutchConventions
import Synchronization
import Testing

@testable import HutchAMQP

/// The buffer between the I/O thread and a consumer's readers (``DeliveryFeed``): what is
/// handed out, in which order, to how many readers, and when the reader counts as stopped.
@Suite struct DeliveryFeedTests {
    static func delivery(_ tag: UInt64) -> IncomingDelivery {
        IncomingDelivery(
            channel: 1, consumerTag: "c1", deliveryTag: tag, redelivered: false, exchange: "x", routingKey: "rk",
            properties: BasicProperties(), body: Array("\(tag)".utf8))
    }

    /// Counts how often the reader-stopped handler ran.
    final class StopCount: Sendable {
        private let count = Mutex(0)
        func stopped() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    @Test func deliveriesBufferedWhileTheReaderIsBusyAreTakenWithoutWaitingInOrder() async throws {
        let feed = DeliveryFeed()
        for tag in UInt64(1)...300 { feed.yield(Self.delivery(tag)) }
        var taken: [UInt64] = []
        while let next = feed.takeBuffered() { taken.append(next.deliveryTag) }
        #expect(taken == Array(UInt64(1)...300))
        feed.yield(Self.delivery(301))
        feed.finish()
        #expect(try await feed.next()?.deliveryTag == 301, "a normal end keeps what is buffered")
        #expect(try await feed.next() == nil)
    }

    @Test func aWaitingReaderIsWokenByTheNextDelivery() async throws {
        let feed = DeliveryFeed()
        let reader = Task { try await feed.next()?.deliveryTag }
        try await Task.sleep(for: .milliseconds(20))
        feed.yield(Self.delivery(7))
        #expect(try await reader.value == 7)
    }

    @Test func severalReadersGetEachDeliveryExactlyOnce() async throws {
        let feed = DeliveryFeed()
        let count: UInt64 = 2000
        let readers = (0..<4).map { _ in
            Task { () throws(AMQPError) -> [UInt64] in
                var mine: [UInt64] = []
                while try await feed.waitForDelivery() {
                    if let next = feed.takeBuffered() { mine.append(next.deliveryTag) }
                }
                return mine
            }
        }
        for tag in 1...count { feed.yield(Self.delivery(tag)) }
        feed.finish()
        var all: [UInt64] = []
        for reader in readers { all += try await reader.value }
        #expect(all.count == Int(count))
        #expect(Set(all) == Set(1...count))
    }

    @Test func aDeadChannelDropsWhatIsBufferedAndItsErrorIsThrownOnce() async throws {
        let feed = DeliveryFeed()
        feed.yield(Self.delivery(1))
        feed.channelDied(AMQPError(code: .channelClosedByBroker, operation: .receive, channel: 1))
        #expect(feed.takeBuffered() == nil)
        await #expect(throws: AMQPError.self) { try await feed.next() }
        #expect(try await feed.next() == nil)
    }

    @Test func anEndWithAnErrorWhileTheChannelLivesKeepsWhatIsBuffered() async throws {
        let feed = DeliveryFeed()
        feed.yield(Self.delivery(1))
        feed.finish(throwing: AMQPError(code: .consumerCancelledByBroker, operation: .receive, channel: 1))
        #expect(try await feed.next()?.deliveryTag == 1)
        await #expect(throws: AMQPError.self) { try await feed.next() }
    }

    @Test func cancellingAWaitingReaderStopsItOnce() async throws {
        let feed = DeliveryFeed()
        let stops = StopCount()
        feed.onReaderStopped { stops.stopped() }
        let reader = Task { try await feed.next() }
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        #expect(try await reader.value == nil)
        feed.yield(Self.delivery(1))
        #expect(feed.takeBuffered() == nil, "nothing more is handed out to a stopped reader")
        feed.readerStopped()
        #expect(stops.value == 1)
    }

    @Test func droppingEveryCopyOfTheDeliveriesStopsTheReaderUnlessTheyEnded() {
        let stops = StopCount()
        let open = DeliveryFeed()
        open.onReaderStopped { stops.stopped() }
        var deliveries: AMQPDeliveries? = AMQPDeliveries(open)
        var copy = deliveries
        deliveries = nil
        #expect(stops.value == 0, "a copy is still held")
        copy = nil
        #expect(stops.value == 1)
        _ = copy

        let ended = DeliveryFeed()
        ended.onReaderStopped { stops.stopped() }
        var finished: AMQPDeliveries? = AMQPDeliveries(ended)
        ended.finish()
        finished = nil
        _ = finished
        #expect(stops.value == 1, "deliveries that ended normally need no cancel")
    }
}
