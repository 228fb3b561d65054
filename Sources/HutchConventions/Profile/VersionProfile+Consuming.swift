extension VersionProfile {
    /// The worker is hutch-schedule 0.7.3's patched `Hutch::Worker` (loaded with
    /// `require 'hutch-schedule'`), not Hutch's own.
    package var usesScheduleWorker: Bool { hutchScheduleLoaded }

    /// The worker builds `Hutch::Message` (decoding the body) outside any `rescue`, so
    /// an undecodable body raises into bunny's consumer work pool and the delivery is
    /// never acknowledged. True for hutch-schedule's worker; Hutch's own builds it
    /// inside `handle_message`'s rescue and nacks.
    package var workerDecodesBodyOutsideRescue: Bool { hutchScheduleLoaded }

    /// The worker sends `basic.ack` after the handler returns even when the handler
    /// called `requeue!` or `reject!`, which makes the broker close the channel (406).
    /// hutch-schedule's worker always does; Hutch's own did before 1.2.0, which added
    /// `message_rejected?`.
    package var workerAcksAfterRequeueOrReject: Bool { hutchScheduleLoaded || plainWorkerAcksAfterReject }

    /// The worker calls `consumer.ratelimit_exceeded?` (from `Hutch::Threshold`,
    /// included by `Hutch::Enqueue`) before handling: a consumer without
    /// `Hutch::Enqueue` raises `NoMethodError` in hutch-schedule's thread pool and its
    /// messages are never acknowledged.
    package var workerRequiresEnqueueConsumers: Bool { hutchScheduleLoaded }

    /// hutch-schedule's delay queues are declared with `x-message-ttl` and
    /// `x-dead-letter-exchange`, so delayed messages come back to the main exchange
    /// without a broker policy (Hutch < 1.1.1; see ``brokerQueueTakesArguments``).
    package var delayQueuesDeadLetter: Bool { brokerQueueTakesArguments }
}
