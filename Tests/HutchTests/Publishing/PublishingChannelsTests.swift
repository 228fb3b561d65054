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

    @Test func confirmModeSelectedOnAChannelNoLongerPublishingIsNotTakenForItsSuccessor() {
        let amqp = InMemoryBroker().connect()
        var channels = PublishingChannels()
        channels.openingEnded((amqp, 1), confirming: false)
        let key = PublishingChannel(amqp, 1)
        #expect(channels.begin(key) == false)
        // The broker closed channel 1 while its first confirmed publish selected confirm
        // mode; the selection's answer comes after the publisher forgot the channel.
        channels.forget(1, on: amqp)
        channels.confirms(key)
        #expect(channels.finish(key) == false)
        // The next channel gets the same number: it is not in confirm mode yet.
        channels.openingEnded((amqp, 1), confirming: false)
        #expect(channels.begin(key) == false)
    }

    @Test func publishesOnThePublishingChannelAreCountedWhileItIsAndAfterwards() {
        let amqp = InMemoryBroker().connect()
        var channels = PublishingChannels()
        channels.openingEnded((amqp, 1), confirming: true)
        let first = PublishingChannel(amqp, 1)
        #expect(channels.begin(first) == true)
        #expect(channels.begin(first, count: 2) == true)
        #expect(channels.finish(first) == false)
        // Channel 2 replaces it with two publishes still under way on channel 1.
        channels.forget(1, on: amqp)
        channels.openingEnded((amqp, 2), confirming: true)
        let second = PublishingChannel(amqp, 2)
        #expect(channels.begin(second) == true)
        #expect(channels.retire(first) == false, "two publishes still wait on channel 1")
        #expect(channels.finish(first) == false)
        #expect(channels.finish(second) == false, "channel 2 is not retired")
        #expect(channels.finish(first) == true, "the last answer on channel 1 closes it")
    }
}
