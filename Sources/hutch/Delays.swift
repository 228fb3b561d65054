import ArgumentParser
import Foundation
import HutchConformance
import HutchConventions
import HutchOperator

/// `hutch delays`: what waits in hutch-schedule's delay queues.
struct Delays: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per delay level: how many messages wait, when the oldest is due, and which consumers they go to.",
        discussion: """
            The oldest message's due time is its timestamp (whole seconds, as Ruby sets it) \
            plus its expiration. Destinations come from the first --peek messages of each \
            level: their CC routing key (the consumer's), and with --management-url the \
            queues bound to the main exchange for it. Peeked messages are fetched without \
            acknowledgement and put back at once; while held (milliseconds) their TTL does \
            not run.

            """ + ExitStatus.help)

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Messages peeked per level to find their destinations.")
    var peek = 100

    @Flag(name: .long, help: "Also list the levels with no message waiting.")
    var allLevels = false

    func run() async throws {
        try await runReportingFailures {
            let settings = try broker.settings()
            let bindings = try await broker.management(settings)?
                .queueBindings(exchange: settings.topology.mqExchange, virtualHost: settings.connection.virtualHost)
                .map { QueueBinding(queue: $0.queue, bindingKey: $0.routingKey) }
            let levels = try await broker.withConnection(settings) { connection in
                try await DelayInspector(
                    connection: connection, config: settings.topology, profile: settings.profile, peekLimit: max(peek, 0),
                    bindings: bindings
                ).inspect()
            }
            if output.json {
                try JSONOutput.print(levels.map(DelayLevelJSON.init))
                return .done
            }
            let now = Date()
            for level in levels where allLevels || level.waiting > 0 {
                print(TerminalText.escape(Self.line(level, now: now)))
            }
            let waiting = levels.reduce(0) { $0 + Int($1.waiting) }
            let undeclared = levels.count { !$0.declared }
            print("\(waiting) message(s) waiting" + (undeclared > 0 ? "; \(undeclared) of \(levels.count) delay queues not declared" : ""))
            if bindings == nil { print("destinations are routing keys; give --management-url to name the queues they reach") }
            return .done
        }
    }

    static func line(_ level: DelayLevelStatus, now: Date) -> String {
        guard level.declared else { return "\(level.level): \(level.queue) not declared" }
        var text = "\(level.level): \(level.queue) \(level.waiting) waiting"
        if let due = level.oldestDue { text += ", oldest due \(TimeText.iso(due)) (\(TimeText.relative(due, now: now)))" }
        let destinations = level.destinations.map { destination in
            "\(destination.routingKey) (\(destination.messages))"
                + (destination.queues.map { " -> " + ($0.isEmpty ? "no queue" : $0.joined(separator: ", ")) } ?? "")
        }
        if !destinations.isEmpty {
            text += "; to " + destinations.joined(separator: "; ") + (level.peeked < level.waiting ? " (first \(level.peeked) peeked)" : "")
        }
        return text
    }
}

/// A delay level in `--json` output.
struct DelayLevelJSON: Encodable {
    struct Destination: Encodable {
        var routingKey: String
        var messages: Int
        var queues: [String]?
    }

    var level: String
    var seconds: Int
    var queue: String
    var declared: Bool
    var waiting: UInt32
    var oldestDue: Date?
    var peeked: Int
    var destinations: [Destination]

    init(_ status: DelayLevelStatus) {
        level = status.level.suffix
        seconds = status.level.seconds
        queue = status.queue
        declared = status.declared
        waiting = status.waiting
        oldestDue = status.oldestDue
        peeked = status.peeked
        destinations = status.destinations.map { Destination(routingKey: $0.routingKey, messages: $0.messages, queues: $0.queues) }
    }
}
