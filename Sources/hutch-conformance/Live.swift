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
            pairings and the hazards after the results. Exits 0 only when no case failed.

            With --ruby-peer CMD (e.g. 'ruby ruby-fixtures/peer.rb'), a real Ruby Hutch \
            process runs beside it in a vhost of its own: Ruby consumes what Swift publishes \
            and publishes what Swift consumes, for every publish case, and both views are \
            compared (column 'hutch-<version> (peer)'). Without the gems the peer checks \
            are reported skipped, with the reason.
            """
    )

    @Option(name: .long, help: "The broker, amqp://user:password@host:port/ (its vhost is not used).")
    var url: String

    @Option(name: .long, help: "The management HTTP API (default: the AMQP host on port 15672).")
    var managementURL: String?

    @Option(name: .long, help: "Run in this existing vhost instead of creating one (for brokers without the management API).")
    var vhost: String?

    @Flag(name: .long, help: "With --vhost: run even when the vhost already holds queues Hutch uses.")
    var allowExisting = false

    @Option(name: .long, help: ArgumentHelp(
        "Cross-language checks with a real Ruby Hutch process: the command line that starts ruby-fixtures/peer.rb (--spec, --url, --vhost are appended).",
        valueName: "CMD"))
    var rubyPeer: String?

    @Option(name: .long, help: "Seconds the Ruby peer may take to load the gems and report ready.")
    var rubyPeerTimeout: Int = 60

    @OptionGroup var reports: ReportOptions

    func validate() throws {
        if allowExisting && vhost == nil { throw ValidationError("--allow-existing goes with --vhost NAME") }
        if rubyPeer?.trimmingCharacters(in: .whitespaces).isEmpty == true { throw ValidationError("--ruby-peer needs a command line") }
        if rubyPeerTimeout < 1 { throw ValidationError("--ruby-peer-timeout must be at least 1 second") }
    }

    func run() async throws {
        let settings = LiveSettings(
            url: url, managementURL: managementURL, virtualHost: vhost, allowExisting: allowExisting,
            environment: CheckEnvironment.system,
            rubyPeer: rubyPeer.map { PeerSettings(command: $0, readyTimeout: .seconds(rubyPeerTimeout)) })
        let live: LiveRunReport
        do {
            live = try await LiveRunner(settings: settings).run(reports.corpus())
        } catch {
            print("hutch-conformance live: \(error)")
            throw ExitCode.failure
        }
        let where_ = live.createdVirtualHosts
            ? "ran in \(live.virtualHosts.count) vhosts created for this run (deleted)"
            : "ran in vhost \(live.virtualHosts.first ?? "?")"
        let peerLines = live.peer?.lines ?? []
        try reports.finish(live.report, subcommand: "live", extraLines: [where_] + peerLines + live.hazards.consoleLines, hazards: live.hazards)
    }
}
