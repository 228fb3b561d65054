import Testing

@testable import HutchAMQP

/// The confinement check that guards librabbitmq's state (`assertOnIOThread` in debug
/// builds) answers true on the connection's I/O thread and false elsewhere.
@Suite struct IOThreadConfinementTests {
    @Test("The check is false on the caller's thread and true inside a job on the I/O thread")
    func checkWorksFromBothSides() async {
        guard let loop = ConnectionLoop() else {
            Issue.record("no wake pipe for the I/O thread")
            return
        }
        defer { loop.stop() }
        #expect(!loop.isOnIOThread)
        let (onLoop, coreAgrees) = await withCheckedContinuation { continuation in
            let rejected = loop.submit { core in
                continuation.resume(returning: (loop.isOnIOThread, core.confinement.isOnIOThread))
            }
            if rejected != nil { continuation.resume(returning: (false, false)) }
        }
        #expect(onLoop)
        #expect(coreAgrees)
        #expect(!loop.isOnIOThread)
    }

    @Test("Before a thread claims it, no thread passes the check")
    func unclaimed() {
        let confinement = IOThreadConfinement()
        #expect(!confinement.isOnIOThread)
        confinement.claim()
        #expect(confinement.isOnIOThread)
    }
}
