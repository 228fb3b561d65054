import Foundation
import Hutch
import HutchAMQP
import HutchConformance
import HutchConventions
import HutchManagement

extension MessageContract {
    /// Swift → Ruby for real: publishes every ``PublishingFixture`` as the library's
    /// ``Publisher`` encodes it, to a broker where the Ruby app's **own consumer
    /// classes** run under the real Hutch worker of the app's gems
    /// (`ruby-fixtures/peer.rb --app`), and reports what each consumer did with it.
    ///
    /// The peer takes the app's own configuration (exchange, namespace, error handlers,
    /// hutch-schedule); the run fails when the app's exchange is not ``exchange``. A
    /// fixture fails on a consumer error, a `requeue!`/`reject!`, a nack, reject or
    /// requeue, a delivery the worker never acknowledged, a binding consumer that
    /// reported nothing within the fixture's delay plus
    /// ``RubyPeerSettings/eventTimeout``, or when no consumer of the app binds its
    /// routing key; each failure names the consumer, routing key and reason. Delayed
    /// fixtures (`enqueueIn`) go through hutch-schedule's delay queues.
    ///
    /// When the peer reports `skipped` (the gems are missing) every fixture is reported
    /// skipped with the reason — never passed.
    public func verifyWithRubyPeer(_ settings: RubyPeerSettings) async -> ContractReport {
        await RubyPeerContractRun(contract: self, settings: settings).run()
    }
}

/// One run of ``MessageContract/verifyWithRubyPeer(_:)``.
struct RubyPeerContractRun {
    let contract: MessageContract
    let settings: RubyPeerSettings

    private struct Sent {
        var fixture: PublishingFixture
        var message: OutgoingMessage
    }

    func run() async -> ContractReport {
        var results: [CaseResult] = []
        var sent: [Sent] = []
        let configuration = PublisherConfiguration(exchange: contract.exchange, serializer: contract.defaultSerializer)
        for fixture in contract.publishes {
            do {
                var message = try fixture.build(configuration)
                if message.properties.messageID == nil { message.properties.messageID = UUID().uuidString }
                sent.append(Sent(fixture: fixture, message: message))
            } catch {
                results.append(
                    result(
                        fixture.name, corpus: "ruby consumers", check: "encode",
                        Difference(
                            path: "body", ruby: "a message the Ruby consumers can read", swift: "the Publisher cannot encode it: \(error)"))
                )
            }
        }
        if contract.publishes.isEmpty {
            results.append(
                result(
                    "nothing checked", corpus: "ruby consumers", check: "contract",
                    Difference(
                        path: "publishes", ruby: "publishing fixtures for the Ruby consumers", swift: "the contract lists none")))
        }
        guard !sent.isEmpty else { return ContractReport(run: RunReport(results: results)) }
        results += await exchange(sent)
        return ContractReport(run: RunReport(results: results))
    }

    /// Sets up the vhost, runs the peer, publishes and judges.
    private func exchange(_ sent: [Sent]) async -> [CaseResult] {
        func failAll(_ check: String, _ difference: Difference) -> [CaseResult] {
            sent.map { result($0.fixture.name, corpus: "ruby consumers", check: check, difference) }
        }
        var options: ConnectionOptions
        do {
            options = try ConnectionOptions(url: settings.url)
        } catch {
            return failAll("broker", Difference(path: "url", ruby: "an amqp:// URL", swift: "\(error)"))
        }
        var api: ManagementAPI?
        if let managementURL = settings.managementURL {
            let management = ManagementAPI(baseURL: managementURL, username: options.username, password: options.password)
            let vhost = "hutch-contract-peer-\(UUID().uuidString.prefix(8).lowercased())"
            do {
                try await management.createVirtualHost(vhost)
                try await management.grantPermissions(virtualHost: vhost, user: options.username)
                for policy in settings.brokerPolicies { try await management.putPolicy(policy, virtualHost: vhost) }
            } catch {
                try? await management.deleteVirtualHost(vhost)
                return failAll(
                    "broker", Difference(path: "vhost", ruby: "a vhost of the run's own with the shop's policies", swift: "\(error)"))
            }
            options.virtualHost = vhost
            api = management
        } else if !settings.brokerPolicies.isEmpty {
            return failAll(
                "broker",
                Difference(
                    path: "brokerPolicies", ruby: "a management URL to set \(settings.brokerPolicies.map(\.name).joined(separator: ", "))",
                    swift: "no managementURL"))
        }
        let vhost = options.virtualHost
        let results = await withPeer(sent, options: options)
        if let api { try? await api.deleteVirtualHost(vhost) }
        return results
    }

    private func withPeer(_ sent: [Sent], options: ConnectionOptions) async -> [CaseResult] {
        let peer = PeerSettings(command: settings.command, workingDirectory: settings.workingDirectory, readyTimeout: settings.readyTimeout)
        let start = await PeerSession.start(
            peer, arguments: ["--vhost", options.virtualHost, "--timeout", "900"], environment: [PeerRunner.urlVariable: settings.url])
        switch start {
        case .skipped(let reason):
            return sent.map {
                CaseResult(
                    id: $0.fixture.name, kind: "publish", corpus: "ruby consumers", file: "publishing fixture",
                    status: .skipped("the Ruby peer skipped: \(reason)"))
            }
        case .failed(let reason):
            return sent.map {
                result(
                    $0.fixture.name, corpus: "ruby consumers", check: "peer start",
                    Difference(
                        path: "peer", ruby: "the Ruby peer reports ready with the app's consumers", swift: reason))
            }
        case .ready(let session, let ready):
            let results = await publish(sent, session: session, ready: ready, options: options)
            await session.stop()
            return results
        }
    }

    /// The peer is ready: publish every fixture, wait for the consumers' reports, judge.
    private func publish(_ sent: [Sent], session: PeerSession, ready: PeerEvent, options: ConnectionOptions) async -> [CaseResult] {
        let corpus = "ruby consumers (Hutch \(ready.hutchVersion ?? "?"))"
        func failAll(_ check: String, _ difference: Difference) -> [CaseResult] {
            sent.map { result($0.fixture.name, corpus: corpus, check: check, difference) }
        }
        let exchange = ready.string("exchange") ?? "?"
        guard exchange == contract.exchange else {
            return failAll(
                "exchange",
                Difference(
                    path: "mq_exchange", ruby: "the Ruby app's consumers bind to exchange \"\(exchange)\"",
                    swift: "the contract publishes to exchange \"\(contract.exchange)\""))
        }
        guard let consumers = PeerConsumerSummary.listed(in: ready) else {
            return failAll(
                "peer",
                Difference(path: "ready.consumers", ruby: "the consumers the peer runs", swift: "not listed: a peer.rb older than this run")
            )
        }
        let start = await session.events.count
        do {
            let connection = try await AMQPConnection.connect(options)
            do {
                let channel = try await connection.openChannel()
                try await connection.confirmSelect(on: channel)
                for item in sent {
                    try await connection.publishConfirmed(
                        item.message.method, properties: item.message.properties, body: item.message.body, on: channel)
                }
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        } catch {
            return failAll(
                "publish",
                Difference(path: "publish", ruby: "the Ruby consumers receive what Swift publishes", swift: "publishing failed: \(error)"))
        }
        let verdicts = sent.map { item in
            RubyConsumerVerdict(
                fixture: item.fixture.name, sent: item.message,
                destinations: contract.destinationKeys(RecordedRubyMessage(outgoing: item.message)), consumers: consumers, waited: "")
        }
        let delay = sent.map { Self.delaySeconds($0.message, exchange: contract.exchange) }.max() ?? 0
        let timeout = settings.eventTimeout + .seconds(delay)
        let expected = verdicts.flatMap { verdict in
            consumers.filter { $0.binds(any: verdict.destinations) }.map { ($0.className, verdict.sent.properties.messageID) }
        }
        let complete = await session.wait(within: timeout) { events in
            let reported = PeerDeliveryOutcome.reported(in: events.dropFirst(start))
            return expected.allSatisfy { consumer, id in
                reported.contains { $0.consumer == consumer && $0.messageID == id && $0.outcome != nil }
            }
        }
        // Deliveries that should not exist get a moment to show up.
        await session.wait(within: .milliseconds(500)) { _ in false }
        let reported = PeerDeliveryOutcome.reported(in: await session.events.dropFirst(start))
        let waited = complete ? "(every other report came)" : "within \(timeout)"
        return verdicts.map { verdict in
            var judged = verdict
            judged.waited = waited
            return CaseResult(
                id: verdict.fixture, kind: "publish", corpus: corpus, file: "publishing fixture", checks: judged.checks(reported))
        }
    }

    /// A delayed message's delay level in seconds (0 for a message not sent to the
    /// schedule exchange).
    static func delaySeconds(_ message: OutgoingMessage, exchange: String) -> Int {
        DelayLevel.all.first { $0.routingKey(exchange: exchange) == message.routingKey }?.seconds ?? 0
    }

    private func result(_ id: String, corpus: String, check: String, _ difference: Difference) -> CaseResult {
        CaseResult(
            id: id, kind: "publish", corpus: corpus, file: "publishing fixture",
            checks: [CaseResult.Check(name: check, differences: [difference])])
    }
}
