import HutchConventions
import Testing

@testable import HutchConformance

/// The peer follows each case's exchange, namespace and hutch-schedule setting: cases
/// on another exchange are exchanged, not skipped.
@Suite struct PeerSetupTests {
    @Test func aCaseOnAnotherExchangeGetsAPeerOnThatExchange() throws {
        let cases = PeerTestSupport.publishCases()
        let custom = try #require(cases.first { $0.id == "publish/custom-exchange" })
        let setup = PeerSetup(custom)
        #expect(setup.spec.config["mq_exchange"] == "events")
        #expect(setup != PeerSetup(try #require(cases.first { $0.id == "publish/basic-hash" })))
        guard case .ready(let peerCase) = PeerCase.prepare(custom, exchange: "events", environment: PeerTestSupport.environment) else {
            Issue.record("publish/custom-exchange is not exchanged with a peer on its exchange")
            return
        }
        #expect(peerCase.swift.exchange == "events")
        #expect(peerCase.rubyPublishObstacle == nil)
    }

    @Test func namespaceAndHutchScheduleReachTheSpecButConnectionSettingsDoNot() throws {
        var recorded = try #require(PeerTestSupport.publishCases().first)
        recorded.input["config"] = ["namespace": "billing", "mq_host": "elsewhere", "mq_exchange": "shop"]
        recorded.input["hutch_schedule_loaded"] = false
        let spec = PeerSetup(recorded).spec
        #expect(spec.config == ["namespace": "billing", "mq_exchange": "shop"])
        #expect(spec.hutchSchedule == false)
        let message = OutgoingMessage(exchange: "shop", routingKey: "x", properties: BasicProperties(), body: [])
        let peerCase = PeerCase(recorded: recorded, ruby: message, swift: message)
        #expect(peerCase.rubyPublishObstacle == "input.config sets mq_host: the peer connects as the run does")
    }

    @Test func casesAreGroupedBySetup() {
        let groups = Set(PeerTestSupport.publishCases().map(PeerSetup.init))
        #expect(groups.count == 2)
    }
}
