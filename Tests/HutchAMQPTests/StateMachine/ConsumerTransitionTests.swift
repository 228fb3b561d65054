import HutchConventions
import Testing

@testable import HutchAMQP

/// Consumers: consume, deliveries assembled from frames, cancel by us and by the broker.
/// (Live counterparts: `AMQPConnectionLiveTests` consume/cancel, `DeadChannelDeliveriesLiveTests`.)
@Suite struct ConsumerTransitionTests {
    typealias F = StateMachineFixtures

    @Test("A delivery is assembled from method, header and body frames and goes to its consumer's feed")
    func deliveryAssembled() {
        let feed = F.feed()
        var machine = F.consuming(feed: feed)
        #expect(machine.frameReceived(F.deliver(7)).isNothing)
        #expect(machine.frameReceived(F.header(5)).isNothing)
        #expect(machine.frameReceived(.body(channel: 1, bytes: [1, 2, 3])).isNothing)
        let action = machine.frameReceived(.body(channel: 1, bytes: [4, 5]))
        guard case .deliver(let target, let delivery) = action else {
            Issue.record("expected a delivery")
            return
        }
        #expect(target === feed)
        #expect(delivery.deliveryTag == 7 && delivery.body == [1, 2, 3, 4, 5] && delivery.consumerTag == "c1")
        #expect(delivery.exchange == "x" && delivery.routingKey == "k" && delivery.channel == 1)
        #expect(machine.channels[1]?.content == nil)
    }

    @Test("Deliveries alternating between two consumers each reach their own feed; after a cancel the last consumer's are dropped")
    func deliveriesFindTheirConsumer() {
        let first = F.feed()
        let second = F.feed()
        var machine = F.consuming("c1", feed: first)
        _ = machine.consumeRequested(BasicConsume(queue: "q", consumerTag: "c2"), channel: 1, feed: second)
        machine.consumeStarted(requestedTag: "c2", tag: "c2", channel: 1)
        func deliver(_ tag: UInt64, to consumer: String) -> DeliveryFeed? {
            _ = machine.frameReceived(F.deliver(tag, consumer: consumer))
            guard case .deliver(let feed, let delivery) = machine.frameReceived(F.header(0)) else { return nil }
            #expect(delivery.consumerTag == consumer && delivery.deliveryTag == tag)
            return feed
        }
        #expect(deliver(1, to: "c1") === first)
        #expect(deliver(2, to: "c1") === first)
        #expect(deliver(3, to: "c2") === second)
        #expect(deliver(4, to: "c1") === first)
        #expect(machine.cancelled(consumerTag: "c1", channel: 1) === first)
        #expect(deliver(5, to: "c1") == nil, "a cancelled consumer's delivery is dropped, even right after one reached it")
        #expect(machine.channels[1]?.unsettled == [1, 2, 3, 4, 5], "and still counted as unacknowledged")
        #expect(deliver(6, to: "c2") === second)
        // A new consumer under the cancelled tag gets its deliveries.
        let third = F.feed()
        _ = machine.consumeRequested(BasicConsume(queue: "q", consumerTag: "c1"), channel: 1, feed: third)
        machine.consumeStarted(requestedTag: "c1", tag: "c1", channel: 1)
        #expect(deliver(7, to: "c1") === third)
        _ = machine.frameReceived(.method(channel: 1, .consumerCancelled(consumerTag: "c1")))
        #expect(deliver(8, to: "c1") == nil, "cancelled by the broker: dropped too")
    }

    @Test("An empty body is delivered at its header")
    func emptyBody() {
        var machine = F.consuming(feed: F.feed())
        _ = machine.frameReceived(F.deliver(1))
        #expect(machine.frameReceived(F.header(0)).delivery?.body == [])
    }

    @Test("A basic.return is read and dropped; a delivery for an unknown consumer is dropped")
    func droppedContent() {
        var machine = F.consuming(feed: F.feed())
        _ = machine.frameReceived(.method(channel: 1, .returned(F.noRoute)))
        #expect(machine.frameReceived(F.header(0)).isNothing)
        _ = machine.frameReceived(F.deliver(1, consumer: "other"))
        #expect(machine.frameReceived(F.header(0)).isNothing)
    }

    @Test("The broker's consumer tag replaces an empty requested one; a tag in use is refused; a failed consume forgets the feed")
    func consumeTags() {
        let feed = F.feed()
        var machine = F.open()
        #expect(machine.consumeRequested(BasicConsume(queue: "q", consumerTag: ""), channel: 1, feed: feed) == nil)
        machine.consumeStarted(requestedTag: "", tag: "amq.ctag-1", channel: 1)
        #expect(machine.hasConsumer("amq.ctag-1", channel: 1))
        #expect(!machine.hasConsumer("", channel: 1))
        #expect(
            machine.consumeRequested(BasicConsume(queue: "q", consumerTag: "amq.ctag-1"), channel: 1, feed: F.feed())?.code
                == .invalidArgument)
        _ = machine.consumeRequested(BasicConsume(queue: "q", consumerTag: "c2"), channel: 1, feed: F.feed())
        machine.consumeFailed(requestedTag: "c2", channel: 1)
        #expect(!machine.hasConsumer("c2", channel: 1))
    }

    @Test("basic.cancel by us hands back the feed to end normally")
    func cancelledByUs() {
        let feed = F.feed()
        var machine = F.consuming(feed: feed)
        #expect(machine.cancelled(consumerTag: "c1", channel: 1) === feed)
        #expect(!machine.hasConsumer("c1", channel: 1))
        _ = machine.frameReceived(F.deliver(1))
        #expect(machine.frameReceived(F.header(0)).isNothing, "no consumer any more")
    }

    @Test("basic.cancel from the broker ends the feed with consumerCancelledByBroker; the channel lives")
    func cancelledByBroker() {
        let feed = F.feed()
        var machine = F.consuming(feed: feed)
        guard case .finish(let target, let error) = machine.frameReceived(.method(channel: 1, .consumerCancelled(consumerTag: "c1"))) else {
            Issue.record("expected the feed to finish")
            return
        }
        #expect(target === feed)
        #expect(error.code == .consumerCancelledByBroker && error.scope == .call)
        #expect(machine.callRequested(.ack, channel: 1) == nil)
        #expect(machine.frameReceived(.method(channel: 1, .consumerCancelled(consumerTag: "c1"))).isNothing)
    }
}
