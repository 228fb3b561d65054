import Dispatch
import HutchAMQP
import Testing

/// `ParkingMutex`: the lock between the I/O thread and the cooperative pool excludes, and
/// hands back what its body returns or throws.
@Suite struct ParkingMutexTests {
    @Test func eightThreadsIncrementingAMillionTimesLoseNoIncrement() {
        let counter = ParkingMutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<125_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 1_000_000)
    }

    @Test func theBodysResultAndTypedErrorComeBack() {
        struct Refused: Error, Equatable { let reason: String }
        let state = ParkingMutex(["a": 1])
        let found = state.withLock { $0["a"] }
        #expect(found == 1)
        #expect(throws: Refused(reason: "full")) {
            try state.withLock { (state: inout [String: Int]) throws(Refused) -> Void in
                state["b"] = 2
                throw Refused(reason: "full")
            }
        }
        // What the body changed before it threw stays, and the lock is free again.
        #expect(state.withLock { $0 } == ["a": 1, "b": 2])
    }
}
