import Foundation
import HutchAMQP
import HutchConventions
import HutchManagement

/// `hutch-conformance live --ruby-peer CMD`: the cross-language checks with a real
/// Ruby Hutch process (`ruby-fixtures/peer.rb`, protocol `hutch-peer/1`).
///
/// The peer runs in the given vhost with two consumers bound with `#` to the case's
/// exchange (``PeerSpec/crossLanguage``), with the case's `mq_exchange`, `namespace` and
/// hutch-schedule setting (``PeerSetup``: one peer process per set-up). Swift publishes every selected `publish`
/// case's message and compares what Ruby's consumers report (``PeerSwiftToRuby``);
/// then the peer publishes each case's input and Swift consumes it
/// (``PeerRubyToSwift``). The cases are the corpus's `publish` cases recorded with the
/// peer's Hutch version (all of them, by id, when none was).
///
/// The other kinds, recorded with the peer's Hutch version: `consume`
/// (``PeerConsumeExchange``: the Ruby worker's outcome for what Swift publishes, the
/// conventions' worker's for what Ruby publishes), the steps of MaxRetry chains
/// (``PeerChainExchange``, both ways) and `enqueue`, `enqueue_in`, `enqueue_at`
/// (``PeerEnqueueExchange``, through the delay queues both ways).
///
/// When the peer reports `skipped` (the gems are missing), every case is reported
/// skipped with that reason. When it cannot start or is not ready in time, every case
/// fails (check `peer start`) and ``PeerRunReport/startFailure`` says why.
package struct PeerRunner: Sendable {
    /// How to start the peer.
    package var settings: PeerSettings
    /// Swift's clock and id source.
    package var environment: CheckEnvironment

    /// The case kinds the peer exchanges.
    package static let kinds: Set<String> = ["publish", "consume", "enqueue", "enqueue_in", "enqueue_at"]

    /// Creates a runner.
    package init(settings: PeerSettings, environment: CheckEnvironment) {
        self.settings = settings
        self.environment = environment
    }

    /// The cases of `cases` the peer checks could use.
    package static func candidates(_ cases: [RecordedCase]) -> [RecordedCase] {
        cases.filter { kinds.contains($0.kind) }
    }

    /// The report column of a peer result: `hutch-1.3.1 (peer)`.
    package static func column(_ corpus: String) -> String { "\(corpus) (peer)" }

    /// Every candidate reported skipped with `reason`.
    package static func skipped(_ cases: [RecordedCase], reason: String) -> [CaseResult] {
        candidates(cases).map { recorded in
            CaseResult(
                id: recorded.id, kind: recorded.kind, corpus: column(HazardReport.corpusName(recorded)), file: recorded.file,
                status: .skipped(reason))
        }
    }

    /// Runs the peer against the broker at `url` in `virtualHost` (which must exist):
    /// one peer process per Ruby set-up the cases need (``PeerSetup``: exchange,
    /// namespace, hutch-schedule), one after another.
    ///
    /// `management` sets the delay-queue repair policy for the enqueue kinds (without
    /// it, delayed messages on Hutch ≥ 1.1.1 with hutch-schedule 0.7.3 are dropped).
    package func run(_ cases: [RecordedCase], url: String, virtualHost: String, management: ManagementAPI? = nil) async -> PeerRunReport {
        let candidates = Self.candidates(cases).filter { $0.kind == "publish" }
        var report = await runPublish(candidates, url: url, virtualHost: virtualHost)
        let consume = await runConsume(
            Self.candidates(cases).filter { $0.kind == "consume" }, url: url, virtualHost: virtualHost, management: management)
        let enqueue = await runEnqueue(
            Self.candidates(cases).filter { PeerEnqueueExchange.kinds.contains($0.kind) }, url: url, virtualHost: virtualHost,
            management: management)
        for part in [consume, enqueue] {
            report.results += part.results
            report.lines += part.lines
            report.startFailure = report.startFailure ?? part.startFailure
        }
        return report
    }

    /// The enqueue kinds, one peer per set-up and consumer (``PeerEnqueueExchange``);
    /// only the cases of the peer's Hutch version.
    private func runEnqueue(_ candidates: [RecordedCase], url: String, virtualHost: String, management: ManagementAPI?) async
        -> PeerRunReport
    {
        guard !candidates.isEmpty else { return PeerRunReport(results: [], lines: []) }
        let exchange = PeerEnqueueExchange(settings: settings, environment: environment, management: management)
        var groups: [String] = []
        var byGroup: [String: [PeerEnqueueExchange.Prepared]] = [:]
        var notApplicable: [Int: String] = [:]
        for (index, recorded) in candidates.enumerated() {
            switch PeerEnqueueExchange.prepare(recorded, index: index, environment: environment) {
            case .success(let prepared):
                let key = PeerEnqueueExchange.group(recorded)
                if byGroup[key] == nil { groups.append(key) }
                byGroup[key, default: []].append(prepared)
            case .failure(let obstacle):
                notApplicable[index] = obstacle.reason
            }
        }
        var checks: [Int: [CaseResult.Check]] = [:]
        var failures: [Int: String] = [:]
        var versions: Set<String> = []
        var skippedReason: String?
        for key in groups {
            let group = byGroup[key] ?? []
            if skippedReason != nil { continue }
            switch await exchange.run(group, url: url, virtualHost: virtualHost) {
            case .checked(let version, let groupChecks):
                versions.insert(version)
                checks.merge(groupChecks) { first, _ in first }
            case .skipped(let reason):
                skippedReason = reason
            case .failed(let reason):
                for item in group { failures[item.index] = reason }
            }
        }
        let version = versions.count == 1 ? versions.first : nil
        var results: [CaseResult] = []
        for (index, recorded) in candidates.enumerated() {
            let column = Self.column(HazardReport.corpusName(recorded))
            if let skippedReason {
                results.append(
                    CaseResult(id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file, status: .skipped(skippedReason)))
                continue
            }
            guard version == nil || recorded.hutchVersion.map({ "\($0)" }) == version else { continue }
            if let caseChecks = checks[index] {
                results.append(CaseResult(id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file, checks: caseChecks))
            } else if let reason = failures[index] {
                results.append(
                    Self.peerStartFailed(recorded, corpus: column, reason: reason))
            } else {
                results.append(
                    CaseResult(
                        id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file,
                        status: .skipped("not exchanged with the peer: \(notApplicable[index] ?? "no checks ran")")))
            }
        }
        let line =
            skippedReason.map { "Ruby peer skipped the enqueue cases: \($0)" }
            ?? "Ruby peer, enqueue cases (Hutch \(version ?? "?")): \(checks.count) exchanged in \(groups.count) peers; \(results.count - checks.count) skipped"
        return PeerRunReport(results: results, lines: [line])
    }

    /// The `consume` cases, one peer process each (``PeerConsumeExchange``); the cases
    /// recorded with another Hutch version than the peer's are left out once the first
    /// peer said which version it runs.
    private func runConsume(_ candidates: [RecordedCase], url: String, virtualHost: String, management: ManagementAPI?) async
        -> PeerRunReport
    {
        guard !candidates.isEmpty else { return PeerRunReport(results: [], lines: []) }
        let exchange = PeerConsumeExchange(settings: settings, environment: environment)
        var peerVersion: String?
        var results: [CaseResult] = []
        var skippedReason: String?
        var counts = (run: 0, notApplicable: 0)
        var chains: [String: [RecordedCase]] = [:]
        var chainOrder: [String] = []
        for recorded in candidates {
            let column = Self.column(HazardReport.corpusName(recorded))
            if let step = PeerChainExchange.step(recorded) {
                let key = "\(HazardReport.corpusName(recorded))/\(step.id)"
                if chains[key] == nil { chainOrder.append(key) }
                chains[key, default: []].append(recorded)
                continue
            }
            if let peerVersion, recorded.hutchVersion.map({ "\($0)" }) != peerVersion { continue }
            if let skippedReason {
                results.append(
                    CaseResult(id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file, status: .skipped(skippedReason)))
                continue
            }
            if let obstacle = PeerConsumeExchange.obstacle(recorded) {
                counts.notApplicable += 1
                results.append(
                    CaseResult(
                        id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file,
                        status: .skipped("not exchanged with the peer: \(obstacle)")))
                continue
            }
            switch await exchange.run(recorded, url: url, virtualHost: virtualHost) {
            case .checked(let version, let checks):
                peerVersion = version
                counts.run += 1
                results.append(CaseResult(id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file, checks: checks))
            case .otherVersion(let version):
                peerVersion = version
            case .skipped(let reason):
                skippedReason = reason
                results.append(
                    CaseResult(id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file, status: .skipped(reason)))
            case .failed(let reason):
                results.append(
                    Self.peerStartFailed(recorded, corpus: column, reason: reason))
            }
        }
        // Cases of other versions seen before the peer's version was known.
        results = results.filter { result in peerVersion.map { result.corpus == Self.column("hutch-\($0)") } ?? true }
        let exchanged = candidates.filter { recorded in
            PeerChainExchange.step(recorded) == nil
                && results.contains { $0.id == recorded.id && $0.file == recorded.file && !$0.checks.isEmpty }
        }
        let reverse = await exchange.rubyToSwift(Array(exchanged.enumerated()), url: url, virtualHost: virtualHost)
        for (index, recorded) in exchanged.enumerated() {
            guard let check = reverse[index], let at = results.firstIndex(where: { $0.id == recorded.id && $0.file == recorded.file })
            else { continue }
            let first = results[at]
            results[at] = CaseResult(id: first.id, kind: first.kind, corpus: first.corpus, file: first.file, checks: first.checks + [check])
        }
        // MaxRetry chains, Swift → Ruby: one peer per chain, the cases of the peer's version.
        let chainExchange = PeerChainExchange(settings: settings, environment: environment, management: management)
        var chainCount = 0
        for key in chainOrder where skippedReason == nil {
            let steps = (chains[key] ?? []).sorted { (PeerChainExchange.step($0)?.step ?? 0) < (PeerChainExchange.step($1)?.step ?? 0) }
            guard peerVersion == nil || steps.first?.hutchVersion.map({ "\($0)" }) == peerVersion else { continue }
            let column = Self.column(HazardReport.corpusName(steps[0]))
            switch await chainExchange.run(Array(steps.enumerated()), url: url, virtualHost: virtualHost) {
            case .checked(let version, let checks):
                guard peerVersion == nil || version == peerVersion else { continue }
                peerVersion = version
                chainCount += 1
                let reverse = await chainExchange.rubyToSwift(Array(steps.enumerated()), url: url, virtualHost: virtualHost)
                for (index, recorded) in steps.enumerated() {
                    results.append(
                        CaseResult(
                            id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file,
                            checks: (checks[index] ?? []) + (reverse[index].map { [$0] } ?? [])
                                + (checks[index] != nil
                                    ? []
                                    : [
                                        PeerChainExchange.check([
                                            Difference(path: "chain", ruby: "a delivery of this step", swift: "no check ran")
                                        ])
                                    ])))
                }
            case .skipped(let reason):
                skippedReason = reason
            case .failed(let reason):
                for recorded in steps {
                    results.append(
                        Self.peerStartFailed(recorded, corpus: column, reason: reason, expected: "the Ruby peer runs the chain"))
                }
            }
        }
        if let skippedReason {
            for recorded in chainOrder.flatMap({ chains[$0] ?? [] })
            where !results.contains(where: { $0.id == recorded.id && $0.file == recorded.file }) {
                results.append(
                    CaseResult(
                        id: recorded.id, kind: recorded.kind, corpus: Self.column(HazardReport.corpusName(recorded)), file: recorded.file,
                        status: .skipped(skippedReason)))
            }
        }
        let line =
            skippedReason.map { "Ruby peer skipped the consume cases: \($0)" }
            ?? "Ruby peer, consume cases (Hutch \(peerVersion ?? "?")): \(counts.run) exchanged, one peer each; \(chainCount) MaxRetry chains; \(counts.notApplicable) not applicable"
        return PeerRunReport(results: results, lines: [line])
    }

    private func runPublish(_ candidates: [RecordedCase], url: String, virtualHost: String) async -> PeerRunReport {
        guard !candidates.isEmpty else { return PeerRunReport(results: [], lines: ["Ruby peer: no publish cases selected; not started"]) }
        var setups: [PeerSetup] = []
        var bySetup: [PeerSetup: [RecordedCase]] = [:]
        for recorded in candidates {
            let setup = PeerSetup(recorded)
            if bySetup[setup] == nil { setups.append(setup) }
            bySetup[setup, default: []].append(recorded)
        }
        var report = PeerRunReport(results: [], lines: [])
        for setup in setups {
            let part = await run(bySetup[setup] ?? [], setup: setup, url: url, virtualHost: virtualHost)
            report.results += part.results
            report.lines += part.lines
            report.startFailure = report.startFailure ?? part.startFailure
        }
        return report
    }

    /// Runs one peer, set up as `setup`, for `candidates`.
    private func run(_ candidates: [RecordedCase], setup: PeerSetup, url: String, virtualHost: String) async -> PeerRunReport {
        let spec = setup.spec
        let start = await PeerSession.start(
            settings, spec: try spec.bytes(), id: environment.makeUUID(), url: url, virtualHost: virtualHost, timeout: 900)
        switch start {
        case .skipped(let reason):
            return PeerRunReport(results: Self.skipped(candidates, reason: reason), lines: ["Ruby peer skipped: \(reason)"])
        case .failed(let reason):
            return failedReport(candidates, reason: reason)
        case .ready(let session, let ready):
            return await exchange(candidates, session: session, ready: ready, url: url, virtualHost: virtualHost, spec: spec)
        }
    }

    /// The environment variable that gives the peer its broker URL.
    package static let urlVariable = "HUTCH_PEER_URL"

    /// A case the Ruby peer could not be started for: failed (never passed), with the reason.
    private static func peerStartFailed(
        _ recorded: RecordedCase, corpus: String, reason: String, expected: String = "the Ruby peer reports ready"
    ) -> CaseResult {
        CaseResult(
            id: recorded.id, kind: recorded.kind, corpus: corpus, file: recorded.file,
            checks: [CaseResult.Check(name: "peer start", differences: [Difference(path: "peer", ruby: expected, swift: reason)])])
    }

    /// The peer did not start: each candidate fails with the reason, and so does the run.
    private func failedReport(_ candidates: [RecordedCase], reason: String) -> PeerRunReport {
        let results = candidates.map { recorded in
            Self.peerStartFailed(recorded, corpus: Self.column(HazardReport.corpusName(recorded)), reason: reason)
        }
        return PeerRunReport(results: results, lines: ["Ruby peer failed to start: \(reason)"], startFailure: reason)
    }

    /// The peer is ready: both directions, then stop.
    private func exchange(
        _ candidates: [RecordedCase], session: PeerSession, ready: PeerEvent, url: String, virtualHost: String, spec: PeerSpec
    ) async -> PeerRunReport {
        let version = ready.hutchVersion ?? "?"
        let exchange = ready.string("exchange") ?? spec.config["mq_exchange"]?.stringValue ?? "hutch"
        var selected = candidates.filter { $0.hutchVersion.map { "\($0)" } == version }
        if selected.isEmpty {
            // No recording of the peer's version: each id once, from the last corpus that has it.
            var byID: [String: RecordedCase] = [:]
            for recorded in candidates { byID[recorded.id] = recorded }
            selected = byID.values.sorted { $0.id < $1.id }
        }
        let column = Self.column("hutch-\(version)")
        var lines = [
            "Ruby peer: \(Self.describe(ready)); exchange \(exchange)\(spec.config["namespace"]?.stringValue.map { ", namespace \($0)" } ?? ""); \(selected.count) publish cases, vhost \(virtualHost)"
        ]

        var prepared: [(Int, PeerCase)] = []
        var notApplicable: [Int: String] = [:]
        var results: [Int: [CaseResult.Check]] = [:]
        for (index, recorded) in selected.enumerated() {
            switch PeerCase.prepare(recorded, exchange: exchange, environment: environment) {
            case .ready(let peerCase): prepared.append((index, peerCase))
            case .notApplicable(let reason): notApplicable[index] = reason
            case .failed(let checks): results[index] = checks
            }
        }

        let lane: LiveLane
        do {
            let options = try ConnectionOptions(url: url)
            lane = try await LiveLane.open(options, virtualHost: virtualHost, management: nil)
        } catch {
            await session.stop()
            return PeerRunReport(
                results: selected.map { recorded in
                    CaseResult(
                        id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file,
                        checks: [
                            CaseResult.Check(
                                name: "peer broker",
                                differences: [Difference(path: "broker", ruby: "Swift connects to \(virtualHost)", swift: "\(error)")])
                        ])
                }, lines: lines)
        }

        let swiftToRuby = await PeerSwiftToRuby(
            session: session, lane: lane, exchange: exchange, consumers: spec.consumers,
            timeout: settings.eventTimeout, environment: environment
        ).run(prepared)
        let publishable = prepared.filter { $0.1.rubyPublishObstacle == nil }
        let rubyToSwift = await PeerRubyToSwift(
            session: session, lane: lane, exchange: exchange, consumers: spec.consumers,
            timeout: settings.eventTimeout, environment: environment
        ).run(publishable)
        for (index, obstacle) in prepared.compactMap({ index, peerCase in peerCase.rubyPublishObstacle.map { (index, $0) } }) {
            lines.append("  \(column)/\(selected[index].id): Ruby -> Swift not run: \(obstacle)")
        }

        let alive = await session.isRunning
        let stopped = await session.stop(within: settings.eventTimeout)
        if !alive || stopped == nil {
            let stderr = await session.stderrTail
            lines.append(
                "  the Ruby peer \(alive ? "did not stop cleanly" : "exited during the run")\(stderr.isEmpty ? "" : ": \(stderr)")")
        }
        // The consumers' queues as the peer declared them (namespaced where the case sets one).
        let declared = ready.declaredQueues
        await lane.delete(
            queues: declared.isEmpty ? spec.consumers.map { QueueName.derived(fromClassName: $0.className) } : declared, exchanges: [])
        await lane.close()

        for (index, checks) in swiftToRuby { results[index, default: []] += checks }
        for (index, checks) in rubyToSwift { results[index, default: []] += checks }
        let caseResults = selected.enumerated().map { index, recorded -> CaseResult in
            if let checks = results[index], !checks.isEmpty {
                return CaseResult(id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file, checks: checks)
            }
            return CaseResult(
                id: recorded.id, kind: recorded.kind, corpus: column, file: recorded.file,
                status: .skipped("not exchanged with the peer: \(notApplicable[index] ?? "no checks ran")"))
        }
        return PeerRunReport(results: caseResults, lines: lines)
    }

    /// `Hutch 1.3.1, hutch-schedule 0.7.3 (loaded), bunny 2.19.0, Ruby 3.1.2, RabbitMQ 3.10.8`.
    static func describe(_ ready: PeerEvent) -> String {
        let with = ready.object("recorded_with") ?? JSONObject()
        func version(_ key: String) -> String { with[key]?.stringValue ?? "?" }
        let loaded = ready.fields["hutch_schedule_loaded"]?.boolValue == true ? "loaded" : "not loaded"
        return
            "Hutch \(version("hutch")), hutch-schedule \(version("hutch_schedule")) (\(loaded)), bunny \(version("bunny")), Ruby \(version("ruby")), \(version("json")), RabbitMQ \(version("rabbitmq"))"
    }
}
