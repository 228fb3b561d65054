extension VersionProfile {
    /// How Hutch's worker hands a consumer's queue settings to bunny.
    ///
    /// - Hutch < 1.1.1 (plain or with hutch-schedule): `Broker#queue(name, arguments)`
    ///   declares the queue durable with the consumer's `get_arguments`.
    /// - hutch-schedule loaded on Hutch ≥ 1.1.1: its patched `Worker#setup_queue` still
    ///   passes `get_arguments`, which `Broker#queue(name, options)` now reads as
    ///   options, so the queue is non-durable and its arguments are dropped.
    /// - plain Hutch ≥ 1.1.1: `get_options` (`durable: true` merged with
    ///   `queue_options`, `arguments:` set to `get_arguments`).
    package var consumerQueueDeclarationStyle: QueueDeclarationStyle {
        if brokerQueueTakesArguments { return .durableWithArguments }
        return hutchScheduleLoaded ? .argumentsAsOptions : .options
    }

    /// How hutch-schedule 0.7.3's `setup_delay_queue!` reaches bunny: its
    /// `{x-message-ttl, x-dead-letter-exchange}` Hash is an arguments table on
    /// Hutch < 1.1.1 (durable delay queues that work) and an options Hash from 1.1.1
    /// (non-durable delay queues without TTL or dead-letter exchange).
    package var delayQueueDeclarationStyle: QueueDeclarationStyle {
        brokerQueueTakesArguments ? .durableWithArguments : .argumentsAsOptions
    }

    /// `Broker#queue` itself adds the namespace prefix (Hutch < 1.4.0). From 1.4.0
    /// only plain Hutch's worker asks for `Broker#namespaced_queue_name`.
    package var brokerQueueAppliesNamespace: Bool { hutch < GemVersion(1, 4, 0) }

    /// Consumer queues get the namespace prefix: always with plain Hutch (unless the
    /// consumer opts out on ≥ 1.4.0); with hutch-schedule's worker only while
    /// `Broker#queue` namespaces (Hutch < 1.4.0).
    package var consumerQueuesNamespaced: Bool { brokerQueueAppliesNamespace || !hutchScheduleLoaded }

    /// hutch-schedule's delay queues get the namespace prefix (Hutch < 1.4.0, where
    /// `Broker#queue` adds it).
    package var delayQueuesNamespaced: Bool { brokerQueueAppliesNamespace }

    /// The bunny major version the profile's Hutch requires: bunny 2 (`>= 2.16, < 3`
    /// for 1.1.0, `>= 2.23, < 3` for 1.3.1) before Hutch 1.4.0, bunny 3 (`>= 3.1`) from 1.4.0.
    /// A known ``VersionProfile/bunny`` gives its own major version.
    package var bunnyMajorVersion: Int { bunny?.major ?? (hutch >= GemVersion(1, 4, 0) ? 3 : 2) }

    /// bunny checks `x-queue-type` itself before declaring a queue (`verify_type!`):
    /// bunny 2.24 and 3.2 (the bundled corpora) do; bunny 2.19 (the extended corpora,
    /// loaded beside every Hutch version there) does not, and sends the declaration —
    /// which RabbitMQ refuses (`BrokerRefusal`). Versions in between are not modelled
    /// apart: the check is taken to start with 2.24.
    package var bunnyChecksQueueType: Bool { bunny.map { $0 >= GemVersion(2, 24, 0) } ?? true }

    /// The `x-queue-type` values bunny accepts before declaring a queue
    /// (`Bunny::Queue::Types::KNOWN`): classic, quorum, stream in bunny 2.24; bunny 3.2
    /// adds delayed and jms.
    package var bunnyKnownQueueTypes: [String] {
        bunnyMajorVersion >= 3
            ? ["classic", "quorum", "stream", "delayed", "jms"] : ["classic", "quorum", "stream"]
    }

    /// The Ruby exception bunny's queue-type check surfaces as: bunny 2.24 does
    /// `throw ArgumentError.new(…)`, which Ruby turns into `UncaughtThrowError`;
    /// bunny 3 raises `ArgumentError`.
    package var bunnyUnknownQueueTypeErrorClass: String {
        bunnyMajorVersion >= 3 ? "ArgumentError" : "UncaughtThrowError"
    }

    /// hutch-schedule's patched `Worker#initialize` refuses a `channel_prefetch` below 1.
    package var workerRequiresPositivePrefetch: Bool { hutchScheduleLoaded }
}
