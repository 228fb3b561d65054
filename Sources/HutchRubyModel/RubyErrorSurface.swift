import HutchConventions

/// Where a Ruby exception ended up while a delivery was handled.
package enum RubyErrorSurface: String, Sendable, Equatable {
    /// The worker's `rescue => ex` caught it: the message is nacked and the error
    /// handlers run.
    case rescuedByWorker
    /// It escaped Hutch into bunny's consumer work pool, which logs it and moves on:
    /// whatever acknowledgement had not been sent yet never is.
    case bunnyConsumerWorkPool
    /// It escaped inside hutch-schedule's `Concurrent::FixedThreadPool` job, which
    /// swallows it: the message is never acknowledged.
    case scheduleWorkerPool
}
