import Hutch
import Testing

@Suite struct ConcurrencyLimiterTests {
    @Test func neverMoreHoldersThanTheLimit() async {
        let limiter = ConcurrencyLimiter(limit: 3)
        let running = InFlight()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    await limiter.acquire()
                    running.enter()
                    await Task.yield()
                    running.leave()
                    await limiter.release()
                }
            }
        }
        #expect(running.most <= 3)
        #expect(await limiter.highWaterMark == 3)
        #expect(await limiter.inUse == 0)
    }

    @Test func waitersAreServedInOrder() async {
        let limiter = ConcurrencyLimiter(limit: 1)
        await limiter.acquire()
        let order = Locked<[Int]>([])
        let tasks = (0..<5).map { index in
            Task {
                await limiter.acquire()
                order.withLock { $0.append(index) }
                await limiter.release()
            }
        }
        // Let each task queue up in turn.
        for _ in 0..<50 { await Task.yield() }
        await limiter.release()
        for task in tasks { await task.value }
        #expect(order.value.count == 5)
    }

    /// The worker's dispatch waits here; a stop must not leave it stuck behind handlers
    /// that never release.
    @Test func aCancelledWaiterGivesUpWithoutHoldingIt() async {
        let limiter = ConcurrencyLimiter(limit: 1)
        await limiter.acquire()
        let waiting = Task { await limiter.acquireUnlessCancelled() }
        for _ in 0..<50 { await Task.yield() }
        waiting.cancel()
        #expect(await waiting.value == false)
        await limiter.release()
        #expect(await limiter.inUse == 0)
        #expect(await limiter.acquireUnlessCancelled())
        #expect(await limiter.inUse == 1)
    }
}
