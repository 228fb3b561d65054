import CoreMetrics
import HutchAMQP
import HutchConventions
import MetricsTestKit
import Testing

@testable import Hutch

@Suite struct HutchMetricsTests {
    @Test func theNoOpBackendTurnsMetricsOffAndNothingReachesAFactory() {
        // Nothing in the test process bootstraps swift-metrics: MetricsSystem.factory is the no-op backend.
        #expect(MetricsSystem.factory is NOOPMetricsHandler)
        let off = HutchMetrics(ObservabilitySettings())
        #expect(!off.isEnabled)
        #expect(off.startTime() == nil)
        #expect(!HutchMetrics(ObservabilitySettings(metricsFactory: NOOPMetricsHandler.instance)).isEnabled)
        let worker = WorkerObservability(ObservabilitySettings())
        #expect(worker.consumed(Self.delivery("orders.created"), consumer: Self.consumer) == nil)
        #expect(worker.consumerSpanHolder() == nil)
        #expect(!PublishObservability(ObservabilitySettings()).isActive)
    }

    @Test func aSeriesIsMadeOnceAndCountedEachTime() throws {
        let backend = TestMetrics()
        let metrics = HutchMetrics(ObservabilitySettings(metricsFactory: backend))
        let series = DeliverySeries(consumer: "OrderConsumer", routingKey: "orders.#")
        for _ in 0..<3 { metrics.increment(.acked, .delivery(series)) }
        metrics.record(.handlerDuration, .milliseconds(2), .handled(series, success: true))
        #expect(backend.counters.count == 1)
        #expect(
            try backend.expectCounter("hutch_acked_total", [("consumer", "OrderConsumer"), ("routing_key", "orders.#")]).totalValue == 3)
        let timer = try backend.expectTimer(
            "hutch_handler_duration", [("consumer", "OrderConsumer"), ("routing_key", "orders.#"), ("outcome", "success")])
        #expect(timer.values == [2_000_000])
    }

    static let consumer = ConsumerDefinition(className: "OrderConsumer", routingKeys: ["orders.#", "refunds.created"])

    static func delivery(_ routingKey: String, cc: [String]? = nil) -> IncomingDelivery {
        var properties = BasicProperties()
        if let cc { properties.headers = FieldTable(pairs: [("CC", .array(cc.map { .longString(Array($0.utf8)) }))]) }
        return IncomingDelivery(
            channel: 1, consumerTag: "t", deliveryTag: 1, redelivered: false, exchange: "hutch", routingKey: routingKey,
            properties: properties, body: [])
    }

    @Test(
        arguments: [
            ("refunds.created", nil, "refunds.created"),
            ("orders.eu.created", nil, "orders.#"),
            ("hutch.schedule.5s", ["refunds.created"], "refunds.created"),
            ("hutch.schedule.30s", ["orders.eu.paid"], "orders.#"),
            ("invoices.sent", nil, "other")
        ] as [(String, [String]?, String)])
    func theRoutingKeyDimensionIsTheConsumersBindingSoItStaysBounded(_ routingKey: String, _ cc: [String]?, _ expected: String) {
        let series = DeliverySeries(Self.delivery(routingKey, cc: cc), consumer: Self.consumer)
        #expect(series == DeliverySeries(consumer: "OrderConsumer", routingKey: expected))
    }
}
