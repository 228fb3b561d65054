import HutchTesting
import Testing

@testable import Hutch

/// The publisher's channel bookkeeping: publishes counted per channel, one at a time or as
/// a batch, a retired channel closed by the last publish answered on it, never a publish
/// begun on a channel that is no longer the publishing one, and a channel number handed
/// out again taken for another channel.
@Suite struct PublishingChannelsTests {
    @Test func aPublishHandedARetiredChannelByItsOpeningDoesNotBeginOnIt() {
        let amqp = InMemoryBroker().connect()
        var channels = PublishingChannels()
        let key = channels.openingEnded((amqp, 1), confirming: false)
        #expect(channels.begin(key) == false)
        // Its nack: forgotten, answered, retired, and closed by this publish.
        channels.forget(key)
        #expect(channels.finish(key) == false)
        #expect(channels.retire(key) == true)
        // Another publish the same opening handed channel 1 resumes only now: it must take
        // the next channel, not confirm.select and publish on a closed one.
        #expect(channels.begin(key) == nil)
        let next = channels.openingEnded((amqp, 2), confirming: true)
        #expect(channels.begin(next) == true)
    }

    @Test func aBatchIsCountedWholeAndTheRetiredChannelClosedByItsLastAnswer() {
        let amqp = InMemoryBroker().connect()
        var channels = PublishingChannels()
        let key = channels.openingEnded((amqp, 1), confirming: true)
        #expect(channels.begin(key, count: 3) == true)
        #expect(channels.begin(key) == true)
        channels.forget(key)
        #expect(channels.retire(key) == false, "four publishes still wait on it")
        #expect(channels.finish(key, count: 3) == false)
        #expect(channels.finish(key) == true, "the last answer closes it")
    }

    @Test func confirmModeSelectedOnAChannelNoLongerPublishingIsNotTakenForItsSuccessor() {
        let amqp = InMemoryBroker().connect()
        var channels = PublishingChannels()
        let key = channels.openingEnded((amqp, 1), confirming: false)
        #expect(channels.begin(key) == false)
        // The broker closed channel 1 while its first confirmed publish selected confirm
        // mode; the selection's answer comes after the publisher forgot the channel.
        channels.forget(key)
        channels.confirms(key)
        #expect(channels.finish(key) == false)
        // The next channel gets the same number: it is not in confirm mode yet.
        let next = channels.openingEnded((amqp, 1), confirming: false)
        #expect(channels.begin(next) == false)
    }

    /// The broker closed channel 1 with three publishes under way on it; the first to hear
    /// of it forgets the channel, and the next one opens with the same number before the
    /// other two report: their reports are about the closed channel, not the new one.
    @Test func reportsAboutAClosedChannelLeaveTheNextOneWithItsNumberAlone() {
        let amqp = InMemoryBroker().connect()
        var channels = PublishingChannels()
        let closed = channels.openingEnded((amqp, 1), confirming: true)
        #expect(channels.begin(closed, count: 3) == true)
        #expect(channels.finish(closed) == false)
        channels.forget(closed)
        let next = channels.openingEnded((amqp, 1), confirming: true)
        #expect(next != closed, "another channel, though it has the same number")
        #expect(channels.begin(next) == true)

        #expect(channels.finish(closed, count: 2) == false)
        channels.forget(closed)
        #expect(channels.currentKey == next, "still the publishing channel")
        #expect(channels.begin(next) == true, "publishes go on on it")
        #expect(channels.retire(next) == false, "the two publishes begun on it are still under way")
        #expect(channels.finish(next) == false)
        #expect(channels.finish(next) == true, "its own last answer closes it, not the old channel's")
    }

    @Test func publishesOnThePublishingChannelAreCountedWhileItIsAndAfterwards() {
        let amqp = InMemoryBroker().connect()
        var channels = PublishingChannels()
        let first = channels.openingEnded((amqp, 1), confirming: true)
        #expect(channels.begin(first) == true)
        #expect(channels.begin(first, count: 2) == true)
        #expect(channels.finish(first) == false)
        // Channel 2 replaces it with two publishes still under way on channel 1.
        channels.forget(first)
        let second = channels.openingEnded((amqp, 2), confirming: true)
        #expect(channels.begin(second) == true)
        #expect(channels.retire(first) == false, "two publishes still wait on channel 1")
        #expect(channels.finish(first) == false)
        #expect(channels.finish(second) == false, "channel 2 is not retired")
        #expect(channels.finish(first) == true, "the last answer on channel 1 closes it")
    }
}
