import HutchConventions
import HutchRubyModel
import Testing

@Suite struct ChannelAcknowledgementModelTests {
    @Test func secondSettlementClosesTheChannel() {
        var channel = ChannelAcknowledgementModel(outstanding: [1, 2])
        #expect(channel.receive(.hutchAck(1)) == nil)
        let close = channel.receive(.hutchReject(1))
        #expect(close == Close(replyCode: 406, replyText: "PRECONDITION_FAILED - unknown delivery tag 1", classID: 60, methodID: 90))
        #expect(channel.receive(.hutchAck(2)) == nil)
        #expect(channel.close == close)
    }

    @Test func multipleSettlesUpToTheTag() {
        var channel = ChannelAcknowledgementModel(outstanding: [1, 2, 3])
        #expect(channel.receive(.ack(BasicAck(deliveryTag: 2, multiple: true))) == nil)
        #expect(channel.outstanding == [3])
    }
}
