/// A moment of `ContinuousClock`, stored as its distance from a fixed moment of the process.
///
/// `ContinuousClock.Instant` is resilient (the concurrency library may change its layout),
/// so a struct that holds one — and every struct or enum holding that — is copied, moved
/// and destroyed through the runtime's generic value witnesses: about 200 instructions
/// per copy of a pending confirm, several copies per confirmed publish on the I/O thread.
/// `Duration` is frozen: this is copied inline, as two integers (also by the client's metrics,
/// whose optional start time was copied and destroyed through witnesses on every publish).
package struct InlineInstant: Comparable, Sendable {
    /// The fixed moment: the first time any is made.
    private static let origin = ContinuousClock.Instant.now
    private var sinceOrigin: Duration

    /// The same moment as `instant`.
    package init(_ instant: ContinuousClock.Instant) { sinceOrigin = Self.origin.duration(to: instant) }

    /// The moment as the clock's instant.
    package var instant: ContinuousClock.Instant { Self.origin.advanced(by: sinceOrigin) }

    package static func < (earlier: InlineInstant, later: InlineInstant) -> Bool { earlier.sinceOrigin < later.sinceOrigin }
}
