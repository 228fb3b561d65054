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
