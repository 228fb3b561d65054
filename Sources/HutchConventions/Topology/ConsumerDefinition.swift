/// A Hutch consumer class as its DSL declares it, without the handler.
///
/// Mirrors the class-level settings of `Hutch::Consumer` (`consume`, `queue_name`,
/// `arguments`, `lazy_queue`, `classic_queue`, `quorum_queue`, `queue_options`,
/// `without_namespace`, `serializer`) and hutch-schedule's `attempts`.
public struct ConsumerDefinition: Sendable, Equatable {
    /// The Ruby class name, with its modules (`"Billing::InvoiceConsumer"`). Hutch
    /// derives the queue name from it when ``queueName`` is `nil`.
    public var className: String
    /// The routing keys given to `consume`, in order.
    public var routingKeys: [String]
    /// An explicit `queue_name`, or `nil` for the name derived from the class.
    public var queueName: String?
    /// `arguments`: queue arguments as a Ruby Hash with string keys, in order.
    public var arguments: JSONObject
    /// The keys of ``arguments`` that the Ruby consumer wrote as Symbols
    /// (`arguments :'x-max-length' => 10`). On the wire a Symbol key is its text, but it
    /// is a different Hash key from the String with the same text, and bunny reads
    /// Symbol keys (`:durable`, …) as options where hutch-schedule passes arguments
    /// as options.
    public var argumentSymbolKeys: Set<String>
    /// `lazy_queue`: adds `x-queue-mode: lazy`.
    public var lazyQueue: Bool
    /// `classic_queue`: adds `x-queue-type: classic`.
    public var classicQueue: Bool
    /// `quorum_queue(initial_group_size:)`, or `nil` when not called.
    public var quorumQueue: QuorumQueue?
    /// `queue_options` (Hutch ≥ 1.1.1), merged over `durable: true`; `nil` when not called.
    public var queueOptions: JSONObject?
    /// `without_namespace` (Hutch ≥ 1.4.0): the queue name is not prefixed.
    public var withoutNamespace: Bool
    /// hutch-schedule's `attempts(n)`; `0` when not called (`max_attempts` is then 0).
    public var attempts: Int
    /// The consumer's serializer, or `nil` for the configured default.
    public var serializer: Serializer?

    /// `quorum_queue` options.
    public struct QuorumQueue: Sendable, Equatable {
        /// `initial_group_size`, or `nil` to let the broker choose.
        public var initialGroupSize: Int?
        /// Creates the options.
        public init(initialGroupSize: Int? = nil) { self.initialGroupSize = initialGroupSize }
    }

    /// Creates a definition; every setting but the class name and keys at Hutch's default.
    public init(
        className: String, routingKeys: [String], queueName: String? = nil,
        arguments: JSONObject = JSONObject(), lazyQueue: Bool = false, classicQueue: Bool = false,
        quorumQueue: QuorumQueue? = nil, queueOptions: JSONObject? = nil,
        withoutNamespace: Bool = false, attempts: Int = 0, serializer: Serializer? = nil,
        argumentSymbolKeys: Set<String> = []
    ) {
        self.className = className
        self.routingKeys = routingKeys
        self.queueName = queueName
        self.arguments = arguments
        self.lazyQueue = lazyQueue
        self.classicQueue = classicQueue
        self.quorumQueue = quorumQueue
        self.queueOptions = queueOptions
        self.withoutNamespace = withoutNamespace
        self.attempts = attempts
        self.serializer = serializer
        self.argumentSymbolKeys = argumentSymbolKeys
    }
}

/// Hutch's message serializers.
public enum Serializer: String, Sendable, Equatable, CaseIterable {
    /// `Hutch::Serializers::JSON`: MultiJson, content type `application/json`.
    case json
    /// `Hutch::Serializers::Identity`: the body as given, content type `application/octet-stream`.
    case identity

    /// The content type Hutch sets for this serializer.
    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .identity: "application/octet-stream"
        }
    }
}
