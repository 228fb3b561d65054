import ServiceLifecycle

extension HutchConnection: Service {
    /// Keeps the connection for a swift-service-lifecycle `ServiceGroup`: returns on
    /// graceful shutdown or cancellation and closes the connection. List it before the
    /// ``Worker`` so that the worker (shut down first, in reverse order) can still settle
    /// its running handlers.
    public nonisolated func run() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                for await _ in stream {}
            } onGracefulShutdown: {
                continuation.finish()
            }
        } onCancel: {
            continuation.finish()
        }
        await close()
    }
}
