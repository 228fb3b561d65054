import HutchTesting
import Testing

@testable import Hutch

/// The publisher's channel bookkeeping: publishes counted per channel, one at a time or as
/// a batch, a retired channel closed by the last publish answered on it, and never a
/// publish begun on a channel that is no longer the publishing one.
@Suite struct PublishingChannelsTests {
    @Test func aPublishHandedARetiredChannelByItsOpeningDoesNotBeginOnIt() {
        let amqp = InMemoryBroker().connect()
        var channels = PublishingChannels()
        channels.openingEnded((amqp, 1), confirming: false)
        let key = PublishingChannel(amqp, 1)
        #expect(channels.begin(key) == false)
        // Its nack: forgotten, answered, retired, and closed by this publish.
        channels.forget(1, on: amqp)
        #expect(channels.finish(key) == false)
        #expect(channels.retire(key) == true)
        // Another publish the same opening handed channel 1 resumes only now: it must take
        // the next channel, not confirm.select and publish on a closed one.
        #expect(channels.begin(key) == nil)
        channels.openingEnded((amqp, 2), confirming: true)
        #expect(channels.begin(PublishingChannel(amqp, 2)) == true)
    }

    @Test func aBatchIsCountedWholeAndTheRetiredChannelClosedByItsLastAnswer() {
        let amqp = InMemoryBroker().connect()
        var channels = PublishingChannels()
        channels.openingEnded((amqp, 1), confirming: true)
        let key = PublishingChannel(amqp, 1)
        #expect(channels.begin(key, count: 3) == true)
        #expect(channels.begin(key) == true)
        channels.forget(1, on: amqp)
        #expect(channels.retire(key) == false, "four publishes still wait on it")
        #expect(channels.finish(key, count: 3) == false)
        #expect(channels.finish(key) == true, "the last answer closes it")
    }
}
