/// A gate handlers wait at until the test opens it. Waiting ignores cancellation on
/// purpose: it stands for a handler stuck in code that never checks for cancellation.
final class Gate: Sendable {
    private let state = Locked<(open: Bool, arrived: Int, waiters: [CheckedContinuation<Void, Never>])>((false, 0, []))

    /// How many waits began.
    var arrived: Int { state.value.arrived }

    /// Waits until ``open()``; cancelling the task does not end the wait.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state -> Bool in
                state.arrived += 1
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if isOpen { continuation.resume() }
        }
    }

    /// Lets every waiter (and every later one) through.
    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
