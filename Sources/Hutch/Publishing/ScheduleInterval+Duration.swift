import HutchConventions

extension ScheduleInterval {
    /// The Ruby interval a Swift `Duration` stands for: a whole number of seconds is a Ruby
    /// Integer (`enqueue_in(30, …)`), anything finer a Float (`enqueue_in(2.5, …)`).
    /// Either rounds up to the same delay level.
    public init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 {
            self = .seconds(seconds)
        } else {
            self = .float(Double(seconds) + Double(attoseconds) / 1e18)
        }
    }
}
