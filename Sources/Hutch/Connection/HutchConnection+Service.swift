import ServiceLifecycle

extension HutchConnection: Service {
    /// Keeps the connection for a swift-service-lifecycle `ServiceGroup`: returns on
    /// graceful shutdown or cancellation and closes the connection. List it before the
    /// ``Worker`` so that the worker (shut down first, in reverse order) can still settle
    /// its running handlers.
    public nonisolated func run() async throws {
        await withGracefulShutdownHandler {
            await Self.waitForever()
        } onGracefulShutdown: {}
        await close()
    }

    private static func waitForever() async {
        let stream = AsyncStream<Never> { _ in }
        await withTaskCancellationHandler {
            for await _ in stream {}
        } onCancel: {}
    }
}
