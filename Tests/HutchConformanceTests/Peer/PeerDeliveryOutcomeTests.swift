import HutchConformance
import Testing

/// Deliveries read from the peer's `consumed`, `consumer_error` and `outcome` events.
/// The lines are the real peer's (peer.rb --app Examples/shop/ruby/lib/shop.rb under
/// Hutch 1.3.1, frames and views left out), so no gems are needed here.
@Suite struct PeerDeliveryOutcomeTests {
    static let shopRun = [
        #"{"event":"consumed","consumer":"Shop::InvoiceConsumer","delivery":{"exchange":"shop","routing_key":"shop.invoice.created","redelivered":false,"delivery_tag":1},"properties":{"content_type":"application/json","delivery_mode":2,"priority":0,"message_id":"m-good","timestamp":1796566580},"headers_ruby":null,"action":"return"}"#,
        #"{"event":"outcome","consumer":"Shop::InvoiceConsumer","routing_key":"shop.invoice.created","delivery_tag":1,"outcome":"ack"}"#,
        #"{"event":"consumed","consumer":"Shop::InvoiceConsumer","delivery":{"exchange":"shop","routing_key":"shop.invoice.created","redelivered":false,"delivery_tag":2},"properties":{"content_type":"application/json","delivery_mode":2,"priority":0,"message_id":"m-renamed","timestamp":1796566580},"headers_ruby":null,"action":"raise ArgumentError"}"#,
        #"{"event":"consumer_error","consumer":"Shop::InvoiceConsumer","routing_key":"shop.invoice.created","delivery_tag":2,"error_class":"ArgumentError","error":"invoice \"inv-2\": amount_cents must be an Integer, got nil"}"#,
        #"{"event":"outcome","consumer":"Shop::InvoiceConsumer","routing_key":"shop.invoice.created","delivery_tag":2,"outcome":"nack"}"#
    ]

    static func events(_ lines: [String]) throws -> [PeerEvent] { try lines.map { try PeerEvent.parse($0) } }

    @Test func theNewEventKindsAreKnown() throws {
        let events = try Self.events(Self.shopRun)
        #expect(events.map(\.kind) == [.consumed, .outcome, .consumed, .consumerError, .outcome])
    }

    @Test func eachDeliveryGetsItsErrorAndOutcomeByConsumerAndTag() throws {
        let outcomes = PeerDeliveryOutcome.reported(in: try Self.events(Self.shopRun))
        #expect(outcomes.count == 2)
        let good = try #require(outcomes.first)
        #expect(good.messageID == "m-good" && good.deliveryTag == 1 && good.outcome == "ack" && good.error == nil)
        #expect(good.accepted)
        #expect(good.summary == "returned; the worker sent ack")
        let renamed = try #require(outcomes.last)
        #expect(renamed.messageID == "m-renamed" && renamed.routingKey == "shop.invoice.created" && renamed.outcome == "nack")
        #expect(renamed.error?.className == "ArgumentError")
        #expect(!renamed.accepted)
        #expect(
            renamed.summary == #"raised ArgumentError: invoice "inv-2": amount_cents must be an Integer, got nil; the worker sent nack"#)
    }

    @Test func aDeliveryWithoutItsOutcomeEventIsNotAccepted() throws {
        let outcomes = PeerDeliveryOutcome.reported(in: try Self.events([Self.shopRun[0]]))
        #expect(outcomes.count == 1 && outcomes[0].outcome == nil && !outcomes[0].accepted)
        #expect(outcomes[0].summary == "returned; no outcome reported")
    }

    @Test func requeueRejectAndNeverAcknowledgedAreNotAccepted() throws {
        func outcome(action: String, sent: String) throws -> PeerDeliveryOutcome? {
            PeerDeliveryOutcome.reported(
                in: try Self.events([
                    #"{"event":"consumed","consumer":"C","delivery":{"routing_key":"k","delivery_tag":5},"properties":{"message_id":"m"},"action":"\#(action)"}"#,
                    #"{"event":"outcome","consumer":"C","routing_key":"k","delivery_tag":5,"outcome":"\#(sent)"}"#
                ])
            ).first
        }
        #expect(try outcome(action: "requeue!", sent: "requeue")?.summary == "called requeue!; the worker sent requeue")
        #expect(try outcome(action: "reject!", sent: "reject")?.accepted == false)
        #expect(try outcome(action: "return", sent: "none")?.summary == "returned; the worker never acknowledged it")
        #expect(try outcome(action: "return", sent: "ack")?.accepted == true)
    }

    @Test func xDeathCountsAreSummed() throws {
        let line =
            #"{"event":"consumed","consumer":"C","delivery":{"routing_key":"k","delivery_tag":3},"properties":{"message_id":"m"},"headers_ruby":[["x-death","Array",[{"count":2,"queue":"hutch_delay_queue_5s"},{"count":1,"queue":"c"}]]],"action":"return"}"#
        #expect(PeerDeliveryOutcome.reported(in: try Self.events([line])).first?.deaths == 3)
    }

    @Test func theReadyEventListsTheConsumers() throws {
        let ready = try PeerEvent.parse(
            #"{"event":"ready","exchange":"shop","consumers":[{"class_name":"Shop::InvoiceConsumer","routing_keys":["shop.invoice.created"],"queue":"shop:invoice_consumer","attempts":0},{"class_name":"Shop::ReminderConsumer","routing_keys":["shop.invoice.remind"],"queue":"shop:reminder_consumer","attempts":3}]}"#
        )
        let consumers = try #require(PeerConsumerSummary.listed(in: ready))
        #expect(
            consumers == [
                PeerConsumerSummary(
                    className: "Shop::InvoiceConsumer", routingKeys: ["shop.invoice.created"], queue: "shop:invoice_consumer", attempts: 0),
                PeerConsumerSummary(
                    className: "Shop::ReminderConsumer", routingKeys: ["shop.invoice.remind"], queue: "shop:reminder_consumer", attempts: 3)
            ])
        #expect(consumers[1].binds(any: ["shop.invoice.remind"]) && !consumers[1].binds(any: ["shop.invoice.created"]))
        // A ready event of an older peer lists none.
        #expect(PeerConsumerSummary.listed(in: try PeerEvent.parse(#"{"event":"ready","exchange":"hutch"}"#)) == nil)
    }
}
