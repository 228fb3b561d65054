import HutchAMQP
import HutchConformance
import HutchConventions
import HutchManagement
import Testing

/// The version-based hazards, without a broker: RabbitMQ 3.13 and 4.x are flagged for
/// ignoring client-published x-death; the consumer timeout from 3.8.15.
@Suite struct HazardReportTests {
    @Test(arguments: [("3.13.0", true), ("4.0.1", true), ("3.13.7", true), ("3.12.14", false), ("3.10.8", false)])
    func xDeathFromClientsIsIgnoredFrom313(version: String, flagged: Bool) throws {
        #expect(HazardReport.xDeathFromClientsIgnored(ServerVersion(version)) == flagged)
        let server = ServerProperties(table: FieldTable(pairs: [("product", .string("RabbitMQ")), ("version", .string(version))]))
        let cases = Corpus.load(paths: [TestCorpus.root + "/hutch-1.3.1/retry/e2e-chain-step2.json"]).cases
        let report = HazardReport.assess(server: server, cases: cases, report: RunReport(results: []))
        let hazard = try #require(report.hazards.first { $0.id == "x-death-from-3.13" })
        #expect(hazard.flagged == flagged)
        #expect(report.broker == "RabbitMQ \(version)")
        #expect(
            report.consoleLines.contains {
                $0.contains(flagged ? "[FLAGGED] client-published x-death" : "[not flagged] client-published x-death")
            })
    }

    @Test func delayQueueHazardFollowsTheHutchVersion() throws {
        let cases = Corpus.load(
            paths: ["hutch-1.1.0", "hutch-1.3.1"].map { TestCorpus.root + "/\($0)/consume/enqueue-in-never-delivered.json" }
        ).cases
        let report = HazardReport.assess(server: nil, cases: cases, report: RunReport(results: []))
        let hazard = try #require(report.hazards.first { $0.id == "delay-queues-without-arguments" })
        #expect(hazard.flagged && hazard.corpora == ["hutch-1.3.1"])
        #expect(report.pairings.first?.hasPrefix("hutch-1.1.0: Hutch 1.1.0 + hutch-schedule 0.7.3") == true)
    }

    @Test func consumerTimeoutFrom3815() {
        #expect(HazardReport.enforcesConsumerTimeout(ServerVersion("3.8.15")))
        #expect(!HazardReport.enforcesConsumerTimeout(ServerVersion("3.8.14")))
    }

    @Test func theDelayRepairNamesTheRunsExchangeNamespaceAndVhost() throws {
        var cases = Corpus.load(paths: [TestCorpus.root + "/hutch-1.3.1/consume/enqueue-in-never-delivered.json"]).cases
        cases[0].input["config"] = ["mq_exchange": "shop", "namespace": "billing"]
        let report = HazardReport.assess(server: nil, cases: cases, report: RunReport(results: []), virtualHost: "prod/eu")
        let hazard = try #require(report.hazards.first { $0.id == "delay-queues-without-arguments" })
        #expect(hazard.flagged)
        #expect(
            hazard.detail.contains("for exchange shop, namespace billing (delay queue names do not carry it), vhost prod/eu"),
            "\(hazard.detail)")
        #expect(
            hazard.detail.contains(
                #"PUT /api/policies/prod%2Feu/hutch-delay-dlx-shop {"pattern":"^shop_delay_queue_","definition":{"dead-letter-exchange":"shop"},"apply-to":"queues"}"#
            ), "\(hazard.detail)")
        #expect(
            hazard.detail.contains(
                #"rabbitmqctl set_policy -p 'prod/eu' hutch-delay-dlx-shop '^shop_delay_queue_' '{"dead-letter-exchange":"shop"}' --apply-to queues"#
            ))
        #expect(!hazard.detail.contains("VHOST") && !hazard.detail.contains(#""dead-letter-exchange":"hutch""#))
    }

    @Test func theRepairPolicyMatchesOnlyItsExchangesDelayQueues() throws {
        let policy = BrokerPolicy.delayQueueRepair(exchange: "a.b")
        let pattern = try Regex(policy.pattern)
        #expect("a.b_delay_queue_5s".contains(pattern))
        #expect(!"axb_delay_queue_5s".contains(pattern) && !"hutch_delay_queue_5s".contains(pattern))
    }

    @Test func withoutDelayCasesTheRepairNamesHutchsDefaultExchange() throws {
        let cases = Corpus.load(paths: [TestCorpus.root + "/hutch-1.3.1/publish/floats.json"]).cases
        let report = HazardReport.assess(server: nil, cases: cases, report: RunReport(results: []), virtualHost: "/")
        let hazard = try #require(report.hazards.first { $0.id == "delay-queues-without-arguments" })
        #expect(hazard.flagged)
        #expect(hazard.detail.contains("for exchange hutch, vhost /: PUT /api/policies/%2F/hutch-delay-dlx"), "\(hazard.detail)")
    }
}

/// The cluster hazard: hutch-schedule's classic delay queues on one node.
@Suite struct ClusterHazardTests {
    static let scheduleCases = Corpus.load(paths: [TestCorpus.root + "/hutch-1.1.0/consume/enqueue-in-never-delivered.json"]).cases
    static let nodes = ["rabbit@a", "rabbit@b", "rabbit@c"]

    @Test func aClusterWithHutchScheduleCorporaIsFlaggedWithWhatAShopCanDo() throws {
        let report = HazardReport.assess(server: nil, cases: Self.scheduleCases, report: RunReport(results: []), clusterNodes: Self.nodes)
        let hazard = try #require(report.hazards.first { $0.id == "delay-queues-on-one-node" })
        #expect(hazard.flagged && hazard.corpora == ["hutch-1.1.0"])
        #expect(hazard.detail.contains("a cluster of 3 nodes (rabbit@a, rabbit@b, rabbit@c)"))
        #expect(hazard.detail.contains("ha-mode exactly") && hazard.detail.contains("a policy cannot set x-queue-type"), "\(hazard.detail)")
        #expect(report.consoleLines.contains { $0.contains("[FLAGGED] hutch-schedule's delay queues live on one node") })
    }

    @Test func aClusterWithoutHutchScheduleIsNotFlagged() throws {
        var cases = Self.scheduleCases
        cases[0].recordedWith["hutch_schedule"] = nil
        let report = HazardReport.assess(server: nil, cases: cases, report: RunReport(results: []), clusterNodes: Self.nodes)
        let hazard = try #require(report.hazards.first { $0.id == "delay-queues-on-one-node" })
        #expect(!hazard.flagged && hazard.detail.hasPrefix("No corpus loads hutch-schedule."))
    }

    @Test(arguments: [([String](), "the management API was not asked"), (["rabbit@a"], "the broker is a single node")])
    func oneNodeOrNoAnswerIsNotACluster(nodes: [String], reason: String) throws {
        let report = HazardReport.assess(server: nil, cases: Self.scheduleCases, report: RunReport(results: []), clusterNodes: nodes)
        let hazard = try #require(report.hazards.first { $0.id == "delay-queues-on-one-node" })
        #expect(!hazard.flagged && hazard.detail.contains(reason))
    }
}
