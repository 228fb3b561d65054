extension HutchConsumer {
    /// Calls ``process(_:)``: a consumer written without the context handles the message.
    public func process(_ message: ReceivedMessage<Body>, context: HandlerContext) async throws {
        try await process(message)
    }

    /// Throws ``ConsumerHandlerMissing``: reached only when the consumer implements
    /// neither ``process(_:)`` nor ``process(_:context:)``.
    public func process(_ message: ReceivedMessage<Body>) async throws {
        throw ConsumerHandlerMissing(consumer: Self.className)
    }
}

/// A ``HutchConsumer`` that implements neither `process(_:)` nor `process(_:context:)`:
/// every message it receives fails (and is nacked or retried as any failure is).
public struct ConsumerHandlerMissing: Error, Sendable, CustomStringConvertible {
    /// The consumer's class name.
    public let consumer: String

    public var description: String {
        "consumer \(consumer) implements neither process(_:) nor process(_:context:): expected one of them to handle its messages"
    }
}
