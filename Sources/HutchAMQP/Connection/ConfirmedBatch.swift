/// The answers to the publishes ``AMQPConnection/publishConfirmedAll(_:on:timeout:blockedTimeout:)``
/// writes together: each publish's `basic.ack`, `basic.nack`, return, confirm timeout or
/// failure, kept in the order the messages were given. The last answer hands all of them
/// to `finished`: the caller is resumed once for the whole batch, not once per message.
final class ConfirmedBatch: Sendable {
    private struct Answers {
        var results: [Result<Void, AMQPError>?]
        var remaining: Int
    }

    private let answers: ParkingMutex<Answers>
    private let finished: @Sendable ([Result<Void, AMQPError>]) -> Void

    /// A batch of `count` publishes; `finished` is called once, with `count` results.
    init(count: Int, finished: @escaping @Sendable ([Result<Void, AMQPError>]) -> Void) {
        answers = ParkingMutex(Answers(results: Array(repeating: nil, count: count), remaining: count))
        self.finished = finished
    }

    /// The publish at `index` has its answer; a second answer for it changes nothing.
    func settle(_ index: Int, _ result: Result<Void, AMQPError>) {
        let all = answers.withLock { answers -> [Result<Void, AMQPError>]? in
            guard answers.results[index] == nil else { return nil }
            answers.results[index] = result
            answers.remaining -= 1
            return answers.remaining == 0 ? answers.results.compactMap { $0 } : nil
        }
        if let all { finished(all) }
    }
}
