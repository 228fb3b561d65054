import ArgumentParser
import Foundation
import HutchConformance
import HutchOperator

/// `hutch pairing`: what the Ruby side declared, the verdict and the fix.
struct Pairing: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Detect what the Ruby side declared (delay and consumer queues, schedule exchange, repair policy) and print the verdict and the fix.",
        discussion: """
            The same knowledge the worker logs at start, before deploying. Over AMQP only \
            what exists can be seen; with --management-url the queues' durability, arguments \
            and policies show which Ruby pairing declared them (hutch-schedule 0.7.3 on \
            Hutch >= 1.1.1 declares its delay queues without TTL or dead-letter exchange, so \
            delayed messages are dropped unless a policy repairs them) and whether the Swift \
            side, configured with --hutch / --no-hutch-schedule, would be refused with 406. \
            Without it the verdict is the configured pairing's, as the worker's. Verdicts: \
            works, broken, mismatch, not declared (exit 1 for broken and mismatch).

            """ + ExitStatus.help)

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "A consumer queue to check (repeatable; default with --management-url: every queue bound to the exchange).")
    var queue: [String] = []

    func run() async throws {
        try await runReportingFailures {
            let settings = try broker.settings()
            let observation = try await broker.withConnection(settings) { connection in
                try await PairingObserver(connection: connection, settings: settings, management: broker.management(settings))
                    .observe(consumerQueues: queue)
            }
            let report = PairingReport(observation: observation, settings: settings)
            let verdict = report.verdict == .notDeclared ? "not declared" : report.verdict.rawValue
            if output.json {
                try JSONOutput.print(PairingJSON(verdict: verdict, findings: report.findings, fixes: report.fixes))
            } else {
                print(TerminalText.escape("broker: \(settings.sanitizedURI), exchange \(settings.topology.mqExchange)"))
                for line in report.findings { print(TerminalText.escape(line)) }
                print("verdict: \(verdict)")
                for fix in report.fixes { print(TerminalText.escape("fix: \(fix)")) }
            }
            return report.verdict == .broken || report.verdict == .mismatch ? .attention : .done
        }
    }
}

/// `hutch pairing --json`.
struct PairingJSON: Encodable {
    var verdict: String
    var findings: [String]
    var fixes: [String]
}
