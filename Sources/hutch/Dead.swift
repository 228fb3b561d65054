import ArgumentParser
import Foundation
import Hutch
import HutchConformance
import HutchConventions
import HutchOperator

/// `hutch dead …`: the messages in `<exchange>_dead_queue`.
struct Dead: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show, re-deliver and purge the messages in <exchange>_dead_queue.",
        discussion: """
            The worker puts a message there (with deadQueue on) after its last attempt, with \
            routing key dead_queue.<original routing key>. Reading never takes a message: \
            it is fetched without acknowledgement and put back where it was.
            """,
        subcommands: [DeadList.self, DeadShow.self, DeadRedeliver.self, DeadPurge.self]
    )
}

/// The dead queue tool for the options' broker.
private func withDeadQueue(
    _ broker: BrokerOptions, counterHeader: String = RetryCountHeader.defaultName, _ body: (DeadQueueTool) async throws -> ExitStatus
) async throws {
    try await runReportingFailures {
        let settings = try broker.settings()
        return try await broker.withConnection(settings) { connection in
            try await body(
                DeadQueueTool(
                    connection: connection, deadQueue: DeadQueue(exchange: settings.topology.mqExchange),
                    counter: RetryCountHeader(name: counterHeader)))
        }
    }
}

/// `hutch dead list`.
struct DeadList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract:
            "List the dead messages, oldest first: position, message id, consumer routing key, failures, first and last failure, body preview.",
        discussion: """
            Failures: the counter header (--counter-header) when present, else hutch-schedule's \
            x-death count for the original routing key. First and last failure: the earliest and \
            latest x-death time (RabbitMQ keeps one entry per queue and reason).

            """ + ExitStatus.help)

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "List at most this many messages.")
    var limit = 50

    @Option(name: .long, help: "Characters of the body to show.")
    var preview = 60

    @Option(name: .long, help: "The Swift retry counter header.")
    var counterHeader = RetryCountHeader.defaultName

    func run() async throws {
        try await withDeadQueue(broker, counterHeader: counterHeader) { tool in
            let listing = try await tool.list(limit: max(limit, 0))
            if output.json {
                try JSONOutput.print(DeadListingJSON(listing, preview: preview))
                return .done
            }
            print(
                TerminalText.escape(
                    "\(listing.queue): \(listing.ready) message(s)"
                        + (listing.ready > listing.messages.count ? ", showing the first \(listing.messages.count)" : "")))
            for message in listing.messages {
                let line =
                    "#\(message.position) \(message.messageID ?? "-") consumer \(message.originalRoutingKey) failures \(message.failureCount) "
                    + "first \(TimeText.iso(message.firstFailure)) last \(TimeText.iso(message.lastFailure)) body \(message.bodyPreview(limit: preview))"
                print(TerminalText.escape(line))
            }
            return .done
        }
    }
}

/// `hutch dead show`.
struct DeadShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one dead message in full: properties, headers (x-death included) and body.",
        discussion: ExitStatus.help)

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "The message's message id.")
    var id: String?

    @Option(name: .long, help: "The message's position, as `hutch dead list` numbers it (from 1).")
    var position: Int?

    @Option(name: .long, help: "The Swift retry counter header.")
    var counterHeader = RetryCountHeader.defaultName

    func validate() throws {
        if (id == nil) == (position == nil) { throw ValidationError("give --id MESSAGE_ID or --position N") }
    }

    func run() async throws {
        try await withDeadQueue(broker, counterHeader: counterHeader) { tool in
            let listing = try await tool.list(limit: Int.max)
            guard let message = listing.messages.first(where: { ($0.messageID == id && id != nil) || $0.position == position }) else {
                StandardError.print(
                    "no message \(id.map { "with id \($0)" } ?? "at position \(position ?? 0)") in \(listing.queue) (\(listing.ready) message(s))"
                )
                return .nothingMatched
            }
            if output.json {
                try JSONOutput.print(DeadMessageJSON(message, preview: nil))
                return .done
            }
            let properties = message.delivery.properties
            var lines = [
                "position: \(message.position)", "message id: \(message.messageID ?? "-")",
                "routing key: \(message.delivery.routingKey)", "consumer routing key: \(message.originalRoutingKey)",
                "failures: \(message.failureCount)", "first failure: \(TimeText.iso(message.firstFailure))",
                "last failure: \(TimeText.iso(message.lastFailure))",
                "content type: \(properties.contentType ?? "-")",
                "timestamp: \(properties.timestamp.map(HeaderText.isoTime) ?? "-")",
                "delivery mode: \(properties.deliveryMode.map(String.init) ?? "-"), priority: \(properties.priority.map(String.init) ?? "-")",
                "headers:"
            ]
            lines += (properties.headers?.entries ?? []).map { "  \($0.key): \(HeaderText.render($0.value))" }
            lines += ["body (\(message.delivery.body.count) bytes):", message.bodyPreview(limit: Int.max)]
            for line in lines { print(TerminalText.escape(line)) }
            return .done
        }
    }
}

/// `hutch dead redeliver`.
struct DeadRedeliver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redeliver",
        abstract: "Re-deliver dead messages to their original routing key on the main exchange.",
        discussion: """
            Each selected message is fetched without acknowledgement, its copy published to \
            the main exchange with the original routing key and confirmed by the broker, and \
            only then is the original acknowledged (removed). If the tool dies halfway, \
            nothing is lost: a message whose copy was confirmed but whose original was not yet \
            acknowledged is in both places (a duplicate); every other message is in exactly \
            one. A copy no queue is bound for is returned by the broker and its original \
            stays in the dead queue (exit 1). Messages not selected keep their place.

            --retries reset drops the failure history (x-death, x-first-death-*, \
            x-last-death-* and the Swift counter header), so the consumer gets all its \
            attempts again; --retries keep re-delivers the headers unchanged, so a message \
            that used up its attempts goes back to the dead queue at its next failure. \
            (RabbitMQ 3.13 and later ignore a client-published x-death when they dead-letter \
            the message again: with x-death counting the count restarts there anyway.)

            """ + ExitStatus.help)

    enum Retries: String, ExpressibleByArgument, CaseIterable {
        case reset, keep
    }

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "Every message in the queue.")
    var all = false

    @Option(name: .long, help: "A message id to re-deliver (repeatable).")
    var id: [String] = []

    @Option(name: .long, help: "A position to re-deliver, as `hutch dead list` numbers them (repeatable).")
    var position: [Int] = []

    @Option(name: .long, help: "reset: the consumer gets all its attempts again; keep: the failure count carries on (required).")
    var retries: Retries

    @Option(name: .long, help: "The Swift retry counter header that --retries reset removes.")
    var counterHeader = RetryCountHeader.defaultName

    @Option(name: .long, help: "Seconds the broker may take to confirm each copy.")
    var confirmTimeout = 30

    /// Test hook: after the N-th copy is confirmed, print `paused before ack <id>` and
    /// wait to be killed (the kill test of the re-delivery).
    static let pauseVariable = "HUTCH_TEST_PAUSE_BEFORE_ACK"

    func validate() throws {
        if all == (!id.isEmpty || !position.isEmpty) { throw ValidationError("give --all, or --id MESSAGE_ID / --position N (repeatable)") }
        if confirmTimeout < 1 { throw ValidationError("--confirm-timeout must be at least 1 second") }
    }

    func run() async throws {
        let selection: DeadMessageSelection = all ? .all : .matching(messageIDs: Set(id), positions: Set(position))
        let history: RetryHistory = retries == .reset ? .reset(counterHeader: counterHeader) : .keep
        let pauseAt = ProcessInfo.processInfo.environment[Self.pauseVariable].flatMap { Int($0) }
        try await withDeadQueue(broker, counterHeader: counterHeader) { tool in
            var tool = tool
            tool.confirmTimeout = .seconds(confirmTimeout)
            let published = Counter()
            let report: RedeliveryReport
            do {
                report = try await tool.redeliver(selection, history: history) { message in
                    guard let pauseAt, published.increment() == pauseAt else { return }
                    FileHandle.standardOutput.write(Data("paused before ack \(message.messageID ?? "-")\n".utf8))
                    while true { try? await Task.sleep(for: .seconds(3600)) }
                }
            } catch let interrupted as RedeliveryInterrupted {
                printReport(interrupted.report)
                throw interrupted
            }
            printReport(report)
            if !report.unroutable.isEmpty { return .attention }
            return report.moved.isEmpty ? .nothingMatched : .done
        }
    }

    private func printReport(_ report: RedeliveryReport) {
        if output.json {
            try? JSONOutput.print(RedeliveryJSON(report))
            return
        }
        for entry in report.moved {
            print(TerminalText.escape("moved #\(entry.position) \(entry.messageID ?? "-") -> \(entry.routingKey)"))
        }
        for entry in report.unroutable {
            print(TerminalText.escape("kept #\(entry.position) \(entry.messageID ?? "-"): no queue is bound for \(entry.routingKey)"))
        }
        print("re-delivered \(report.moved.count), kept \(report.unroutable.count) unroutable, examined \(report.examined)")
    }
}

/// `hutch dead purge`.
struct DeadPurge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Delete every message in the dead queue, for good.", discussion: ExitStatus.help)

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "Confirm: the messages cannot be recovered.")
    var yes = false

    func validate() throws {
        if !yes { throw ValidationError("purge deletes every dead message for good: add --yes") }
    }

    func run() async throws {
        try await withDeadQueue(broker) { tool in
            let purged = try await tool.purge()
            if output.json {
                try JSONOutput.print(PurgeJSON(queue: tool.deadQueue.queueName, purged: purged))
            } else {
                print(TerminalText.escape("purged \(purged) message(s) from \(tool.deadQueue.queueName)"))
            }
            return .done
        }
    }
}

/// A count shared with the re-delivery's callback.
final class Counter: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0

    /// Adds one and returns the new value.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
