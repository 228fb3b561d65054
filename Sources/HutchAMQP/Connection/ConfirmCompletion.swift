/// What a settled confirm resumes (``ConnectionStateMachine/PendingConfirm/completion``): the
/// task awaiting it, a batch's slot, or a closure.
///
/// The first two cost no allocation: a closure resuming the continuation, or settling the
/// batch at an index, was a context allocated and freed per confirmed publish.
enum ConfirmCompletion: Sendable {
    /// Resumes the task of ``AMQPConnection/publishConfirmed(_:properties:body:on:timeout:blockedTimeout:failWhenUnroutable:)``
    /// (once: a confirmation completes once by construction).
    case resume(UnsafeContinuation<Result<Void, AMQPError>, Never>)
    /// Answers the publish at `index` of a batch (``ConfirmedBatch/settle(_:_:)``).
    case batch(ConfirmedBatch, index: Int)
    /// Calls the closure.
    case call(@Sendable (Result<Void, AMQPError>) -> Void)

    /// Hands `result` to whoever waits.
    func callAsFunction(_ result: Result<Void, AMQPError>) {
        switch self {
        case .resume(let continuation): continuation.resume(returning: result)
        case .batch(let batch, let index): batch.settle(index, result)
        case .call(let completion): completion(result)
        }
    }
}
