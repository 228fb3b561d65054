/// One thing Ruby does differently in a new recording: where (`routing key`,
/// `header "CC"`, `body.amount_cents`, `input.consumer.attempts`), the old value and
/// the new one (`absent` where there was none).
package struct BehaviourChange: Sendable, Equatable, CustomStringConvertible {
    /// Where, in words.
    package var path: String
    /// The old recording's value.
    package var old: String
    /// The new recording's value.
    package var new: String

    /// Creates a change.
    package init(path: String, old: String, new: String) {
        self.path = path
        self.old = old
        self.new = new
    }

    package var description: String { "\(path): \(old) -> \(new)" }
}
