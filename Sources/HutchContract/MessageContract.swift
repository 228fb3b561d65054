import Foundation
import Hutch
import HutchConformance
import HutchConventions

/// The Swift side of a Ruby/Swift message contract, for the Swift app's own tests:
/// the app's consumers and the messages it publishes, checked against a corpus
/// recorded from the Ruby app with the real gems.
///
/// ```swift
/// let contract = MessageContract(
///     exchange: "shop",
///     consumers: [ContractConsumer(InvoiceConsumer.self), ContractConsumer(ReminderConsumer.self)],
///     publishes: [.publish("shop.invoice.created", InvoiceCreated(invoiceID: 7, amountCents: 1999))])
/// let report = contract.verify(corpusAt: ["contract/recorded"])
/// #expect(report.passed, "\(report.text)")
/// ```
///
/// What ``verify(_:)`` checks:
/// - **Ruby → Swift**: every message Ruby recorded (`publish`, `enqueue*`, MaxRetry's
///   republish, `consume` deliveries; not `raw` ones) that reaches one of the consumers —
///   topic matching of the routing key and its `CC`/`BCC` keys, through the delay
///   queues for `<exchange>.schedule` — decodes into that consumer's `Body` exactly as
///   the worker decodes it; each failure names the case, routing key, body path and
///   reason.
/// - **Coverage**: every routing key of every consumer is reached by at least one
///   recorded message — a key nothing reaches was not checked, and fails.
/// - **Shared queues**: a consumer whose queue is a recorded Ruby consumer's queue has
///   the same routing keys, `attempts`, serializer, arguments and queue settings as far
///   as the recording holds them.
/// - **Swift → Ruby**: each ``PublishingFixture``, encoded as ``Publisher`` encodes it,
///   reaches a recorded Ruby consumer's binding, and its body fits what Ruby itself
///   publishes to that routing key (every key Ruby always sends, with Ruby's classes:
///   `3.0` is not `3`). With no Ruby message to that key to compare with, the body
///   check is reported skipped; the Ruby peer runs the Ruby consumer on it.
///
/// Anything unreadable, an empty corpus or a contract listing nothing fails.
public struct MessageContract: Sendable {
    /// `mq_exchange`: the exchange the app's consumers bind to and it publishes to.
    public var exchange: String
    /// `namespace`, for queue names.
    public var namespace: String?
    /// The configured default serializer (``HutchClientSettings/serializer``).
    public var defaultSerializer: Serializer
    /// The app's consumers of Ruby messages.
    public var consumers: [ContractConsumer]
    /// The messages the app publishes for Ruby consumers.
    public var publishes: [PublishingFixture]

    /// A contract for the app's consumers and publishing fixtures.
    public init(
        exchange: String = "hutch", namespace: String? = nil, defaultSerializer: Serializer = .json,
        consumers: [ContractConsumer], publishes: [PublishingFixture] = []
    ) {
        self.exchange = exchange
        self.namespace = namespace
        self.defaultSerializer = defaultSerializer
        self.consumers = consumers
        self.publishes = publishes
    }

    /// Checks the contract against the corpus at `paths` (folders or case files).
    public func verify(corpusAt paths: [String]) -> ContractReport {
        verify(Corpus.load(paths: paths))
    }

    /// Checks the contract against `corpus`.
    package func verify(_ corpus: Corpus) -> ContractReport {
        var results = corpus.unreadable.map { error in
            CaseResult(id: error.file, kind: "?", corpus: "unreadable", file: error.file, status: .unreadable(error))
        }
        var recorded = RecordedContract()
        for recordedCase in corpus.cases {
            do {
                try recorded.add(recordedCase)
            } catch {
                results.append(
                    CaseResult(
                        id: recordedCase.id, kind: recordedCase.kind, corpus: "unreadable", file: recordedCase.file,
                        status: .unreadable(error)))
            }
        }
        if corpus.cases.isEmpty || (consumers.isEmpty && publishes.isEmpty) {
            let why = corpus.cases.isEmpty ? "the corpus holds no cases" : "the contract lists no consumers and no publishing fixtures"
            results.append(
                CaseResult(
                    id: "nothing checked", kind: "contract", corpus: "contract", file: "",
                    checks: [
                        CaseResult.Check(
                            name: "contract", differences: [Difference(path: "contract", ruby: "\(corpus.cases.count) cases", swift: why)])
                    ]))
        }
        let rubyToSwift = RubyToSwiftCheck(contract: self, recorded: recorded)
        results += rubyToSwift.decodeResults()
        results += rubyToSwift.consumerResults()
        results += SwiftToRubyCheck(contract: self, recorded: recorded).results()
        return ContractReport(run: RunReport(results: results))
    }

    /// The routing keys a message reaches the app's exchange with: its key and its
    /// `CC`/`BCC` keys on `exchange`; its key and `CC` after a delay queue of
    /// `<exchange>.schedule` (dead-lettering drops `BCC`); none on other exchanges.
    func keysOnExchange(_ message: RecordedRubyMessage) -> [String] {
        if message.exchange == exchange { return message.routingKeys }
        if message.exchange == "\(exchange).schedule" { return message.deadLetterRoutingKeys }
        return []
    }

    /// The keys that say where a message is meant to go: ``keysOnExchange(_:)`` without
    /// the delay levels' own keys (`<exchange>.schedule.5s`).
    func destinationKeys(_ message: RecordedRubyMessage) -> [String] {
        keysOnExchange(message).filter { !$0.hasPrefix("\(exchange).schedule.") }
    }
}
