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

    @Test("Once the owner released it, no thread passes the check, not even the former owner")
    func released() {
        let confinement = IOThreadConfinement()
        confinement.claim()
        confinement.release()
        #expect(!confinement.isOnIOThread)
    }

    @Test("A stopped loop's check fails on the thread of a loop started after it (which may reuse its pthread_t)")
    func stoppedLoopOnALaterThread() async {
        guard let first = ConnectionLoop() else {
            Issue.record("no wake pipe for the I/O thread")
            return
        }
        first.stop()
        // The first thread has run its last turn once a job submitted now is refused.
        while first.submit({ _ in }) == nil { await Task.yield() }
        try? await Task.sleep(for: .milliseconds(50))  // and has returned from its closure
        guard let second = ConnectionLoop() else {
            Issue.record("no wake pipe for the I/O thread")
            return
        }
        defer { second.stop() }
        let (firstOwns, secondOwns) = await withCheckedContinuation { continuation in
            let rejected = second.submit { _ in
                continuation.resume(returning: (first.isOnIOThread, second.isOnIOThread))
            }
            if rejected != nil { continuation.resume(returning: (true, false)) }
        }
        #expect(secondOwns)
        #expect(!firstOwns, "the stopped loop's confinement still claims a thread")
    }
}
