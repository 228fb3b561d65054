import HutchConventions

/// One entry of Hutch's `error_handlers` setting: what the worker calls, in order,
/// after it has nacked a failed message.
package enum RubyErrorHandler: Sendable, Equatable, Hashable {
    /// `Hutch::ErrorHandlers::Logger`: logs; no effect on the wire.
    case logger
    /// hutch-schedule's `Hutch::ErrorHandlers::MaxRetry`: may republish through a delay queue.
    case maxRetry
    /// Any other handler (Sentry, Honeybadger, …), by class name: modelled as having no
    /// effect on the delivery.
    case other(String)

    /// The handler for a Ruby class name as written in configuration.
    package init(rubyClassName: String) {
        switch rubyClassName {
        case "Hutch::ErrorHandlers::Logger": self = .logger
        case "Hutch::ErrorHandlers::MaxRetry": self = .maxRetry
        default: self = .other(rubyClassName)
        }
    }

    /// The Ruby class name.
    package var rubyClassName: String {
        switch self {
        case .logger: "Hutch::ErrorHandlers::Logger"
        case .maxRetry: "Hutch::ErrorHandlers::MaxRetry"
        case .other(let name): name
        }
    }

    /// Hutch's default `error_handlers`: a single Logger (hutch-schedule does not change it).
    package static let defaults: [RubyErrorHandler] = [.logger]
}
