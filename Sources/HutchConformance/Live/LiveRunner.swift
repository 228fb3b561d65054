import Foundation
import HutchAMQP
import HutchConventions
import HutchManagement

/// `hutch-conformance live`: runs recorded cases against a real broker.
///
/// Isolation: with the management API, each corpus and lane (fast cases, delay queues,
/// the MaxRetry chain) gets a vhost `hutch-conformance-<uuid>-<corpus>-<lane>` that the
/// run creates, grants the URL's user, and deletes at the end — also when checks fail.
/// Lanes run side by side, so the bundled corpus takes about as long as its slowest
/// delay chain. Without a management API, the run works in an existing vhost given by
/// ``LiveSettings/virtualHost``, one case after another, and refuses to start when that
/// vhost already holds queues Hutch would use, unless ``LiveSettings/allowExisting``.
///
/// Kinds with no broker behaviour (`delay_level`, `queue_name`, `config`) are reported
/// as skipped: `hutch-conformance check` covers them.
package struct LiveRunner: Sendable {
    /// Where and how to run.
    package var settings: LiveSettings
    /// Stops the run creating vhosts, for ``deleteVirtualHosts(named:)``.
    package let stop = LiveStop()

    /// Creates a runner.
    package init(settings: LiveSettings) { self.settings = settings }

    /// Runs every case of `corpus` (its unreadable files and manifest skips are reported too).
    package func run(_ corpus: Corpus) async throws(LiveRunError) -> LiveRunReport {
        let options: ConnectionOptions
        do throws(AMQPError) {
            options = try ConnectionOptions(url: settings.url)
        } catch {
            throw LiveRunError("not an AMQP URL: \(URLRedaction.redacting(settings.url)): \(error)")
        }
        let management = settings.managementAPI(credentials: options)
        if management == nil && settings.virtualHost == nil {
            throw LiveRunError(
                "no management API given: it creates the run's vhosts — pass --management-url, or run in an existing vhost with --vhost NAME"
            )
        }
        let managementReachable: Bool
        do throws(ManagementAPIError) {
            if let management { _ = try await management.overview() }
            managementReachable = management != nil
        } catch {
            if settings.virtualHost == nil || error.status == 401 {
                throw LiveRunError(
                    "the management API cannot be used (\(error)); it creates the run's vhosts — fix --management-url or the credentials, or run in an existing vhost with --vhost NAME"
                )
            }
            managementReachable = false
        }

        var lanes: [LaneKey: [Int]] = [:]
        var laneOrder: [LaneKey] = []
        var results: [Int: CaseResult] = [:]
        for (index, recorded) in corpus.cases.enumerated() {
            guard let kind = LiveLaneKind.of(recorded) else {
                results[index] = CaseResult(
                    id: recorded.id, kind: recorded.kind, corpus: Self.column(recorded), file: recorded.file,
                    status: .skipped("no broker behaviour: checked offline by hutch-conformance check"))
                continue
            }
            let key = LaneKey(corpus: HazardReport.corpusName(recorded), kind: kind)
            if lanes[key] == nil { laneOrder.append(key) }
            lanes[key, default: []].append(index)
        }

        let isolated = settings.virtualHost == nil
        let base = settings.runName ?? Self.newRunName(settings.environment)
        var virtualHosts: [LaneKey: String] = [:]
        for key in laneOrder {
            virtualHosts[key] = settings.virtualHost ?? "\(base)-\(key.corpus)-\(key.kind.rawValue)"
        }
        let peerVirtualHost = settings.rubyPeer == nil ? nil : settings.virtualHost ?? "\(base)-peer"
        let created = isolated ? Array(Set(virtualHosts.values).union(peerVirtualHost.map { [$0] } ?? [])).sorted() : []
        let api = managementReachable ? management : nil

        let prepared: Preparation?
        do {
            let firstVhost = laneOrder.first.flatMap { virtualHosts[$0] } ?? peerVirtualHost ?? settings.virtualHost ?? "/"
            let queueNames =
                !isolated && !settings.allowExisting ? LivePreflight.queueNames(corpus.cases, environment: settings.environment) : []
            prepared = try await Deadline.run(within: settings.setupTimeout) { [stop] in
                try await Self.prepare(
                    stop: stop,
                    created: created, user: options.username, options: options, firstVhost: firstVhost, queueNames: queueNames,
                    management: management, api: api)
            }
        } catch let error as LiveRunError {
            prepared = Preparation(server: nil, startError: error)
        } catch {
            prepared = Preparation(server: nil, startError: LiveRunError("could not prepare the run: \(error)"))
        }
        let server = prepared?.server
        let startError =
            prepared == nil
            ? LiveRunError("the run's set-up (vhosts, permissions, first connection) did not finish within \(settings.setupTimeout)")
            : prepared?.startError
        var peer: PeerRunReport?
        if startError == nil {
            let peerRunner = settings.rubyPeer.map { PeerRunner(settings: $0, environment: settings.environment) }
            let url = settings.url
            // The peer works in a vhost of its own: with isolation it runs beside the lanes.
            async let peerReport: PeerRunReport? =
                isolated ? peerRunner?.run(corpus.cases, url: url, virtualHost: peerVirtualHost ?? "/", management: api) : nil
            let laneResults = await runLanes(
                laneOrder, lanes: lanes, corpus: corpus, virtualHosts: virtualHosts, options: options, management: api,
                concurrently: isolated)
            results.merge(laneResults) { first, _ in first }
            peer = await peerReport
            if !isolated, let peerRunner {
                peer = await peerRunner.run(corpus.cases, url: url, virtualHost: peerVirtualHost ?? "/", management: api)
            }
        }
        if let management { for vhost in created { try? await management.deleteVirtualHost(vhost) } }
        if let startError { throw startError }

        var ordered = corpus.cases.indices.compactMap { results[$0] }
        ordered += corpus.unreadable.map { error in
            CaseResult(id: error.file, kind: "unknown", corpus: "unreadable", file: error.file, status: .unreadable(error))
        }
        ordered += corpus.skipped.map { skipped in
            CaseResult(
                id: skipped.id, kind: String(skipped.id.split(separator: "/").first ?? ""), corpus: "\(skipped.corpus) (live)", file: "",
                status: .skipped(skipped.reason))
        }
        ordered += peer?.results ?? []
        let report = RunReport(results: ordered)
        let clusterNodes = (try? await api?.nodeNames()) ?? []
        return LiveRunReport(
            report: report,
            hazards: HazardReport.assess(
                server: server, cases: corpus.cases, report: report, virtualHost: settings.virtualHost ?? options.virtualHost,
                clusterNodes: clusterNodes),
            virtualHosts: Array(Set(virtualHosts.values).union(peerVirtualHost.map { [$0] } ?? [])).sorted(), createdVirtualHosts: isolated,
            peer: peer)
    }

    /// What the set-up found: the broker, or why the run cannot start.
    struct Preparation: Sendable {
        var server: ServerProperties?
        var startError: LiveRunError?
    }

    /// Creates and grants the run's vhosts (until `stop` is requested), opens a first connection to learn the
    /// broker, and checks an existing vhost for Hutch's queues (`queueNames`, when not empty).
    private static func prepare(
        stop: LiveStop, created: [String], user: String, options: ConnectionOptions, firstVhost: String, queueNames: Set<String>,
        management: ManagementAPI?, api: ManagementAPI?
    ) async throws -> Preparation {
        if let management {
            for vhost in created {
                guard await stop.beginCreating() else { throw LiveRunError("the run was interrupted while creating its vhosts") }
                do {
                    try await management.createVirtualHost(vhost)
                    try await management.grantPermissions(virtualHost: vhost, user: user)
                } catch {
                    await stop.endCreating()
                    throw error
                }
                await stop.endCreating()
            }
        }
        let probe = try await LiveLane.open(options, virtualHost: firstVhost, management: api)
        var startError: LiveRunError?
        if !queueNames.isEmpty {
            let existing = await LivePreflight.existingQueues(queueNames, lane: probe)
            if !existing.isEmpty {
                startError = LiveRunError(
                    "vhost '\(firstVhost)' already holds queues Hutch uses (\(existing.prefix(8).joined(separator: ", "))\(existing.count > 8 ? ", …" : "")): refusing to touch them; pass --allow-existing to run anyway"
                )
            }
        }
        await probe.close()
        return Preparation(server: probe.connection.serverProperties, startError: startError)
    }

    /// The report column of a case: `hutch-1.3.1 (live)`.
    static func column(_ recorded: RecordedCase) -> String { "\(HazardReport.corpusName(recorded)) (live)" }

    struct LaneKey: Hashable, Sendable {
        var corpus: String
        var kind: LiveLaneKind
    }

    private func runLanes(
        _ order: [LaneKey], lanes: [LaneKey: [Int]], corpus: Corpus, virtualHosts: [LaneKey: String],
        options: ConnectionOptions, management: ManagementAPI?, concurrently: Bool
    ) async -> [Int: CaseResult] {
        let environment = settings.environment
        var results: [Int: CaseResult] = [:]
        if concurrently {
            await withTaskGroup(of: [Int: CaseResult].self) { group in
                for key in order {
                    let cases = (lanes[key] ?? []).map { ($0, corpus.cases[$0]) }
                    let vhost = virtualHosts[key] ?? "/"
                    group.addTask {
                        await Self.runLane(
                            key.kind, cases: cases, options: options, virtualHost: vhost, management: management, environment: environment)
                    }
                }
                for await laneResults in group { results.merge(laneResults) { first, _ in first } }
            }
        } else {
            for key in order {
                let cases = (lanes[key] ?? []).map { ($0, corpus.cases[$0]) }
                let laneResults = await Self.runLane(
                    key.kind, cases: cases, options: options, virtualHost: virtualHosts[key] ?? "/", management: management,
                    environment: environment)
                results.merge(laneResults) { first, _ in first }
            }
        }
        return results
    }

    /// Runs one lane's cases in order on one connection.
    static func runLane(
        _ kind: LiveLaneKind, cases: [(Int, RecordedCase)], options: ConnectionOptions, virtualHost: String,
        management: ManagementAPI?, environment: CheckEnvironment
    ) async -> [Int: CaseResult] {
        var results: [Int: CaseResult] = [:]
        let lane: LiveLane
        do {
            lane = try await LiveLane.open(options, virtualHost: virtualHost, management: management)
        } catch {
            for (index, recorded) in cases { results[index] = brokerFailure(recorded, error) }
            return results
        }
        let context = LiveContext(lane: lane, environment: environment)
        if kind == .chain {
            var chains: [String: [(Int, RecordedCase)]] = [:]
            var chainOrder: [String] = []
            for (index, recorded) in cases {
                let id = LiveChain.chainID(recorded) ?? ""
                if chains[id] == nil { chainOrder.append(id) }
                chains[id, default: []].append((index, recorded))
            }
            for id in chainOrder {
                let members = chains[id] ?? []
                do {
                    let checks = try await LiveChain(cases: members.map(\.1)).run(context: context)
                    for (position, (index, recorded)) in members.enumerated() {
                        let found =
                            checks[position] ?? [
                                CaseResult.Check(
                                    name: "live chain",
                                    differences: [
                                        Difference(
                                            path: "step \(LiveChain.step(recorded) ?? 0)", ruby: "recorded",
                                            swift: "not reached: the chain ended earlier")
                                    ])
                            ]
                        results[index] = CaseResult(
                            id: recorded.id, kind: recorded.kind, corpus: column(recorded), file: recorded.file, checks: found)
                    }
                } catch {
                    for (index, recorded) in members { results[index] = failure(recorded, error) }
                }
            }
        } else {
            for (index, recorded) in cases {
                guard let check = LiveLaneKind.check(for: recorded) else { continue }
                do {
                    let checks = try await check.check(recorded, context: context)
                    results[index] = CaseResult(
                        id: recorded.id, kind: recorded.kind, corpus: column(recorded), file: recorded.file, checks: checks)
                } catch {
                    results[index] = failure(recorded, error)
                }
            }
        }
        await lane.close()
        return results
    }

    static func failure(_ recorded: RecordedCase, _ error: any Error) -> CaseResult {
        if let malformed = error as? CaseFileError {
            return CaseResult(
                id: recorded.id, kind: recorded.kind, corpus: column(recorded), file: recorded.file, status: .unreadable(malformed))
        }
        return brokerFailure(recorded, error)
    }

    static func brokerFailure(_ recorded: RecordedCase, _ error: any Error) -> CaseResult {
        CaseResult(
            id: recorded.id, kind: recorded.kind, corpus: column(recorded), file: recorded.file,
            checks: [
                CaseResult.Check(
                    name: "live broker", differences: [Difference(path: "broker", ruby: "the operations succeed", swift: "\(error)")])
            ])
    }
}
