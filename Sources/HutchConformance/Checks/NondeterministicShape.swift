import HutchConventions

/// Shape checks for the fields a recording cannot fix. Ids and consumer tags are
/// checked with the conventions' own ``SecureRandomUUID/matches(_:)`` and
/// ``ConsumerTag/matches(_:prefix:)``; clocks here.
enum NondeterministicShape {
    /// A timestamp within `tolerance` seconds of `clock`.
    static func isNear(_ timestamp: UInt64, _ clock: Double, tolerance: Double) -> Bool {
        Swift.abs(Double(timestamp) - clock) <= tolerance
    }
}
