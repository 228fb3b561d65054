import HutchConventions

/// What a consumer's `process(message)` does, for modelling the worker around it.
package struct RubyHandlerBehaviour: Sendable, Equatable {
    /// A `Hutch::Consumer` instance method the handler calls.
    package enum Call: String, Sendable, Equatable {
        /// `requeue!`: `basic.reject` requeue true (from Hutch 1.2.0 also marks the message rejected).
        case requeue = "requeue!"
        /// `reject!`: `basic.reject` requeue false (from Hutch 1.2.0 also marks the message rejected).
        case reject = "reject!"
    }

    /// The calls, in order.
    package var calls: [Call]
    /// The class of the exception the handler raises after its calls, or `nil` when it returns.
    package var raises: String?

    /// Creates a behaviour; the default returns normally.
    package init(calls: [Call] = [], raises: String? = nil) {
        self.calls = calls
        self.raises = raises
    }

    /// A handler that returns normally.
    package static let succeeds = RubyHandlerBehaviour()

    /// A handler that raises `className` (a `StandardError` subclass, which Hutch rescues).
    package static func raising(_ className: String) -> RubyHandlerBehaviour { RubyHandlerBehaviour(raises: className) }
}
