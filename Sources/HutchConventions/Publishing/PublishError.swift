/// Why publishing failed, named after the exception Ruby raises in the same situation,
/// so a conformance runner can compare it with a recorded `error_class`.
public struct PublishError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    package enum Kind: Sendable, Equatable {
        /// The body could not be serialised (`JSON::GeneratorError`, `JSON::NestingError`).
        case serialization(RubyJSONError)
        /// `RangeError`: a short string (property, key, exchange, routing key) over 255
        /// bytes, which amq-protocol's `Integer#chr` refuses.
        case range
        /// `ArgumentError`: bunny refuses a routing key over 255 characters; amq-protocol
        /// cannot decode a field type (`B`, `u`, `i`, `L`); or a comparison failed
        /// (`enqueue_at` with a NaN time).
        case argument
        /// `TypeError`: an octet property (`priority`, `delivery_mode`) that is not a number.
        case type
        /// `FloatDomainError`: an octet property that is a NaN or infinite Float.
        case floatDomain
        /// `NoMethodError`: a value lacks the method Ruby calls on it (`headers` that is
        /// not a Hash, an identity body that is not a String).
        case noMethod
        /// `RuntimeError`: hutch-schedule's "Routing Keys is not set!".
        case runtime
        /// Ruby would do something this model does not reproduce (for example write a
        /// Ruby `inspect` string for an Array property). Not a Ruby exception.
        case notModelled
    }

    /// What kind of failure this is.
    package var kind: Kind
    /// A sentence for people, close to Ruby's message where there is one.
    package var message: String

    /// Creates an error.
    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The Ruby exception class (`"RangeError"`, `"JSON::GeneratorError"`, …), or `nil`
    /// for ``Kind/notModelled``.
    package var rubyClassName: String? {
        switch kind {
        case .serialization(let error): error.rubyClassName
        case .range: "RangeError"
        case .argument: "ArgumentError"
        case .type: "TypeError"
        case .floatDomain: "FloatDomainError"
        case .noMethod: "NoMethodError"
        case .runtime: "RuntimeError"
        case .notModelled: nil
        }
    }

    public var description: String { "\(rubyClassName ?? "not modelled"): \(message)" }

    /// amq-protocol's error for a short string longer than 255 bytes (`256.chr`).
    static func charRange(_ byteCount: Int) -> PublishError {
        PublishError(.range, "\(byteCount) out of char range")
    }
}
