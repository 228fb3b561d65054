/// Where Ruby stops setting up its topology by raising, and which exception it raises.
///
/// A ``TopologyPlan`` holds the declarations sent before the exception; the failure says
/// what the Ruby process raised next. The pieces of the plan throw it too.
public enum TopologyFailure: Error, Sendable, Equatable {
    /// A consumer uses DSL its Hutch version lacks (`queue_options` before 1.1.1,
    /// `without_namespace` before 1.4.0): the class body raises `NoMethodError` when
    /// the application loads, before any connection.
    case unsupportedConsumerDSL(className: String, method: String)
    /// `input.schedule` without hutch-schedule loaded: `Hutch::Schedule` is undefined
    /// (`NameError`).
    case scheduleNotLoaded
    /// bunny's `basic_qos` refuses a prefetch below 0 or above 65 535 (`ArgumentError`)
    /// while Hutch opens its channel, before the exchange is declared.
    case prefetchOutOfRange(Int)
    /// hutch-schedule's patched `Worker#initialize` raises when `channel_prefetch` is
    /// below 1 (`RuntimeError`), or is `nil` (`NoMethodError` from `nil < 1`).
    case scheduleWorkerNeedsPositivePrefetch(Int?)
    /// bunny's `verify_type!` refuses an `x-queue-type` it does not know, before
    /// declaring the queue.
    case unsupportedQueueType(queue: String, type: JSONValue, rubyErrorClass: String)
    /// bunny's `:type` queue option is truthy but not a String (`NoMethodError` from
    /// `empty?`).
    case queueTypeOptionNotAString(queue: String, type: JSONValue)
    /// An `arguments` option that is neither a Hash nor `nil`: amq-protocol calls
    /// `each` on it (`NoMethodError`; an Array would be iterated, which is not modelled).
    case argumentsNotAHash(target: String, value: JSONValue)
    /// A table could not be encoded (a key longer than 255 bytes: `RangeError`).
    case tableEncoding(target: String, RubyTableEncodingError)
    /// Hutch's `unique_consumer_tag` refuses a tag longer than 255 bytes (`RuntimeError`),
    /// after the queue was declared and bound.
    case consumerTagTooLong(tag: String)
    /// The broker refused the last declaration and closed the channel (`BrokerRefusal`);
    /// bunny raised, and Hutch passed it on as `rubyErrorClass`: `Hutch::WorkerSetupError`
    /// for a 406 on a consumer's queue (`Broker#queue` wraps `PreconditionFailed`), else
    /// bunny's own `Bunny::PreconditionFailed` / `Bunny::AccessRefused`.
    case brokerRefused(Close, rubyErrorClass: String)

    /// The Ruby exception class raised.
    package var rubyErrorClass: String {
        switch self {
        case .unsupportedConsumerDSL: "NoMethodError"
        case .scheduleNotLoaded: "NameError"
        case .prefetchOutOfRange: "ArgumentError"
        case .scheduleWorkerNeedsPositivePrefetch(let prefetch): prefetch == nil ? "NoMethodError" : "RuntimeError"
        case .unsupportedQueueType(_, _, let errorClass): errorClass
        case .queueTypeOptionNotAString: "NoMethodError"
        case .argumentsNotAHash: "NoMethodError"
        case .tableEncoding(_, let error): error.rubyErrorClass
        case .consumerTagTooLong: "RuntimeError"
        case .brokerRefused(_, let errorClass): errorClass
        }
    }

    /// The `channel.close` the broker sent, when it refused a declaration.
    package var serverClose: Close? {
        if case .brokerRefused(let close, _) = self { return close }
        return nil
    }
}
