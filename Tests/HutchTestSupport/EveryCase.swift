import Testing

/// Checks every one of many recorded cases inside a single test.
///
/// Thousands of cases are not given to `@Test(arguments:)`: Swift Testing's console
/// output recorder does work for each case that grows with the number of cases already
/// seen. With about 13,000 cases, the run's events held both cores of a CI machine for
/// 20 to 30 seconds at its start. The timing-sensitive live tests running beside them
/// then missed their time limits.
///
/// Each failure still names its case: `check` puts the case in its expectations'
/// comments, and an error `check` throws is recorded here with the case's description.
/// Between cases the test yields, so a long loop does not keep a thread of Swift's
/// cooperative pool (two threads on CI) from the other tests' tasks.
///
/// - Parameters:
///   - cases: The recorded cases, checked in order.
///   - name: How a failure names its case; `String(describing:)` by default.
///   - sourceLocation: Where an error thrown by `check` is reported.
///   - check: Checks one case; it may throw, which fails that case alone.
public func checkEveryCase<Case>(
    _ cases: some Sequence<Case>, named name: (Case) -> String = { String(describing: $0) },
    sourceLocation: SourceLocation = #_sourceLocation, _ check: (Case) throws -> Void
) async {
    for (index, item) in cases.enumerated() {
        do {
            try check(item)
        } catch is ExpectationFailedError {
            // `#require` recorded it already, with its own comment.
        } catch {
            Issue.record(error, "case \(name(item))", sourceLocation: sourceLocation)
        }
        if index % 16 == 15 { await Task.yield() }
    }
}
