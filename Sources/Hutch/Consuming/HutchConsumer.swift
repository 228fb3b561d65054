import HutchConventions

/// A consumer declared as a Swift type, the counterpart of a Ruby class that includes
/// `Hutch::Consumer` (and hutch-schedule's `Hutch::Enqueue`).
///
/// The static properties mirror the Ruby DSL and have Hutch's defaults; only
/// ``routingKeys`` and a handler, ``process(_:)`` or ``process(_:context:)``, are required:
///
/// ```swift
/// struct InvoiceConsumer: HutchConsumer {
///     static let routingKeys = ["billing.invoice.created"]
///     static let attempts = 3                   // hutch-schedule's `attempts 3`
///     static let maxConcurrency: Int? = 4       // at most 4 handlers at once
///
///     struct Body: Decodable, Sendable { var id: Int }
///
///     func process(_ message: ReceivedMessage<Body>) async throws {
///         print(message.body.id, message.failureCount)
///     }
/// }
/// ```
///
/// The queue name is derived from ``className`` as Hutch derives it from the Ruby class
/// name (`InvoiceConsumer` → `invoice_consumer`), so a Swift consumer named like a Ruby
/// consumer shares its queue; set ``queueName`` to choose one.
public protocol HutchConsumer: Sendable {
    /// The body type, decoded from the JSON body (`JSONValue` takes any JSON object), or
    /// `[UInt8]` / `String` with the identity serializer.
    associatedtype Body: Decodable & Sendable = JSONValue

    /// `consume 'a.b', 'c.#'`: the routing keys the queue is bound with. The last one is
    /// hutch-schedule's `enqueue_routing_key`.
    static var routingKeys: [String] { get }
    /// The Ruby class name the queue name is derived from (with `::` modules); the Swift
    /// type name by default. Also the name `consumer_groups` lists.
    static var className: String { get }
    /// `queue_name 'x'`: an explicit queue name (namespaced as Hutch does); `nil` derives it.
    static var queueName: String? { get }
    /// `arguments 'x-max-length' => 10`: queue arguments.
    static var arguments: JSONObject { get }
    /// `lazy_queue`.
    static var lazyQueue: Bool { get }
    /// `classic_queue`.
    static var classicQueue: Bool { get }
    /// `quorum_queue(initial_group_size:)`, or `nil`.
    static var quorumQueue: ConsumerDefinition.QuorumQueue? { get }
    /// `queue_options` (Hutch ≥ 1.1.1), or `nil`.
    static var queueOptions: JSONObject? { get }
    /// `without_namespace` (Hutch ≥ 1.4.0).
    static var withoutNamespace: Bool { get }
    /// `serializer`; `nil` uses ``HutchClientSettings/serializer``.
    static var serializer: Serializer? { get }
    /// hutch-schedule's `attempts n`: how many times MaxRetry retries a failed message
    /// through the delay queues (0: never).
    static var attempts: Int { get }
    /// The most handlers of this consumer running at once (the Go port's
    /// `MaxConcurrency`); `nil` limits only by ``HutchClientSettings/concurrency``.
    static var maxConcurrency: Int? { get }
    /// How the JSON body becomes ``Body``: Ruby's types exactly by default. Relax it for
    /// Ruby services that send `3.0` or `"42"` where ``Body`` has an `Int`, or
    /// `snake_case` keys for `camelCase` properties:
    ///
    /// ```swift
    /// static var bodyDecoder: RubyJSONDecoder {
    ///     RubyJSONDecoder(acceptsIntegralFloatsForIntegers: true, acceptsNumbersInStrings: true, keyStrategy: .snakeCase)
    /// }
    /// ```
    ///
    /// The worker and ``decodeBody(_:defaultSerializer:)`` (and so the contract checks) use it.
    static var bodyDecoder: RubyJSONDecoder { get }

    /// Handles one message. Returning acknowledges it (`basic.ack`); throwing runs the
    /// error handlers and the acknowledgement chain (by default `basic.nack`, and a retry
    /// through the delay queues while attempts remain). Call
    /// ``ReceivedMessage/requeue()`` or ``ReceivedMessage/reject()`` to settle it yourself.
    func process(_ message: ReceivedMessage<Body>) async throws

    /// Handles one message with its ``HandlerContext`` (a logger naming the delivery, the
    /// worker's publisher). The worker calls this one; by default it calls
    /// ``process(_:)``. Implement either: a consumer that implements neither fails each
    /// message with ``ConsumerHandlerMissing``.
    func process(_ message: ReceivedMessage<Body>, context: HandlerContext) async throws
}

extension HutchConsumer {
    public static var className: String { String(describing: Self.self) }
    public static var queueName: String? { nil }
    public static var arguments: JSONObject { JSONObject() }
    public static var lazyQueue: Bool { false }
    public static var classicQueue: Bool { false }
    public static var quorumQueue: ConsumerDefinition.QuorumQueue? { nil }
    public static var queueOptions: JSONObject? { nil }
    public static var withoutNamespace: Bool { false }
    public static var serializer: Serializer? { nil }
    public static var attempts: Int { 0 }
    public static var maxConcurrency: Int? { nil }
    public static var bodyDecoder: RubyJSONDecoder { RubyJSONDecoder() }

    /// The consumer as the core's conventions see it.
    public static var definition: ConsumerDefinition {
        ConsumerDefinition(
            className: className, routingKeys: routingKeys, queueName: queueName, arguments: arguments, lazyQueue: lazyQueue,
            classicQueue: classicQueue, quorumQueue: quorumQueue, queueOptions: queueOptions, withoutNamespace: withoutNamespace,
            attempts: attempts, serializer: serializer)
    }
}
