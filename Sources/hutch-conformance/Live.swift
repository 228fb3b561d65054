import ArgumentParser
import Foundation
import HutchConformance
import HutchConventions

/// `hutch-conformance live`: the recorded cases against a real broker.
struct Live: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run recorded cases against a real RabbitMQ, in a vhost the run creates and deletes.",
        discussion: """
            Topology is declared by Swift and replayed from Ruby's recording in both orders \
            (a 406 names the argument); published messages are compared as the broker \
            delivers them; recorded deliveries are replayed raw to the Swift consumer model, \
            whose acknowledgements are really sent; enqueue_in goes through real delay \
            queues and a MaxRetry chain runs end to end. Prints the broker, the Ruby \
            pairings and the hazards after the results.

            With --ruby-peer CMD (e.g. 'ruby ruby-fixtures/peer.rb'), a real Ruby Hutch \
            process runs beside it in a vhost of its own: Ruby consumes what Swift publishes \
            and publishes what Swift consumes, for every publish case, and both views are \
            compared (column 'hutch-<version> (peer)'). The peer gets each case's exchange, \
            namespace and hutch-schedule setting. A peer that does not start fails the run \
            (exit 3); without the gems the peer's cases are reported skipped, with the \
            reason, and the run exits 2 unless --allow-skips.

            The broker URL comes from --url or the environment variable \
            HUTCH_CONFORMANCE_URL (which keeps the password off the command line); the \
            password is never printed.

            SIGINT or SIGTERM stops the run: it deletes the vhosts it created and exits \
            130 (SIGINT) or 143 (SIGTERM).

            """ + ExitStatus.help
    )

    /// The environment variable `--url` defaults to.
    static let urlVariable = "HUTCH_CONFORMANCE_URL"

    @Option(name: .long, help: "The broker, amqp://user:password@host:port/ (its vhost is not used; default: $HUTCH_CONFORMANCE_URL).")
    var url: String?

    @Option(
        name: .long,
        help:
            "The management HTTP API that creates the run's vhosts (e.g. http://127.0.0.1:15672). Without it no HTTP call is made, and --vhost is needed."
    )
    var managementURL: String?

    @Option(name: .long, help: "Run in this existing vhost instead of creating one (for brokers without the management API).")
    var vhost: String?

    @Flag(name: .long, help: "With --vhost: run even when the vhost already holds queues Hutch uses.")
    var allowExisting = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Cross-language checks with a real Ruby Hutch process: the command line that starts ruby-fixtures/peer.rb (--spec, --url, --vhost are appended).",
            valueName: "CMD"))
    var rubyPeer: String?

    @Option(name: .long, help: "Seconds the Ruby peer may take to load the gems and report ready.")
    var rubyPeerTimeout: Int = 60

    @Flag(name: .long, help: "Exit 0 even when a whole lane (such as the Ruby peer's cases) was skipped, instead of 2.")
    var allowSkips = false

    @Option(name: .long, help: "Seconds each management API request may take, and (times 8) the run's whole set-up.")
    var httpTimeout: Int = 15

    @OptionGroup var reports: ReportOptions

    /// The broker URL: `--url`, else the environment variable.
    var brokerURL: String? {
        url ?? ProcessInfo.processInfo.environment[Self.urlVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        if brokerURL == nil { throw ValidationError("give the broker with --url URL or the environment variable \(Self.urlVariable)") }
        if managementURL == nil && vhost == nil {
            throw ValidationError(
                "give --management-url URL (the run creates its vhosts) or --vhost NAME (an existing vhost; no HTTP call is made)")
        }
        if httpTimeout < 1 { throw ValidationError("--http-timeout must be at least 1 second") }
        if allowExisting && vhost == nil { throw ValidationError("--allow-existing goes with --vhost NAME") }
        if rubyPeer?.trimmingCharacters(in: .whitespaces).isEmpty == true { throw ValidationError("--ruby-peer needs a command line") }
        if rubyPeerTimeout < 1 { throw ValidationError("--ruby-peer-timeout must be at least 1 second") }
    }

    func run() async throws {
        var settings = LiveSettings(
            url: brokerURL ?? "", managementURL: managementURL, virtualHost: vhost, allowExisting: allowExisting,
            environment: CheckEnvironment.system,
            rubyPeer: rubyPeer.map { PeerSettings(command: $0, readyTimeout: .seconds(rubyPeerTimeout)) })
        settings.httpTimeout = Double(httpTimeout)
        settings.setupTimeout = .seconds(httpTimeout * 8)
        let runName = LiveRunner.newRunName(settings.environment)
        settings.runName = runName
        // the shared corpus only: the extended corpora are checked offline
        let corpus = try reports.corpus(defaultPaths: BundledCorpus.liveDefaultPaths())
        let failureList = try reports.failureList()
        let runner = LiveRunner(settings: settings)
        if vhost == nil {
            print("this run's vhosts: \(runName)-* (deleted at its end, also when interrupted)")
            fflush(nil)  // the line reaches a pipe before the run starts
        }
        let interruption = LiveInterruption(runner: runner, runName: runName)
        let signals = interruption.install()
        defer { withExtendedLifetime(signals) {} }
        let live: LiveRunReport
        do {
            live = try await runner.run(corpus)
            await interruption.waitIfInterrupted()
        } catch {
            await interruption.waitIfInterrupted()
            StandardError.print("live: \(TerminalText.escape(URLRedaction.redacting(error.description)))")
            try ExitStatus.toolError.exit()
            return
        }
        let where_ =
            live.createdVirtualHosts
            ? "ran in \(live.virtualHosts.count) vhosts created for this run (deleted)"
            : "ran in vhost \(live.virtualHosts.first ?? "?")"
        let peerLines = live.peer?.lines ?? []
        try reports.finish(
            live.report, subcommand: "live", failureList: failureList, scope: reports.failureListScope(corpus),
            extraLines: [where_] + peerLines + live.hazards.consoleLines,
            hazards: live.hazards,
            skippedLanes: Self.skippedLanes(live.report), allowSkips: allowSkips,
            toolErrors: live.peer?.startFailure.map { ["the Ruby peer did not start: \($0)"] } ?? [])
    }

    /// The report columns (`hutch-1.3.1 (peer)`) whose every case was skipped, when other
    /// columns did run: a lane that checked nothing.
    static func skippedLanes(_ report: RunReport) -> [String] {
        var columns: [String] = []
        var checked: Set<String> = []
        for result in report.results {
            if !columns.contains(result.corpus) { columns.append(result.corpus) }
            if case .skipped = result.status { continue }
            checked.insert(result.corpus)
        }
        guard !checked.isEmpty else { return [] }
        return columns.filter { !checked.contains($0) }
    }
}
