/// One thing Ruby does differently in a new recording: where (`routing key`,
/// `header "CC"`, `body.amount_cents`, `input.consumer.attempts`), the old value and
/// the new one (`absent` where there was none).
public struct BehaviourChange: Sendable, Equatable, CustomStringConvertible {
    /// Where, in words.
    public var path: String
    /// The old recording's value.
    public var old: String
    /// The new recording's value.
    public var new: String

    /// Creates a change.
    public init(path: String, old: String, new: String) {
        self.path = path
        self.old = old
        self.new = new
    }

    public var description: String { "\(path): \(old) -> \(new)" }
}
