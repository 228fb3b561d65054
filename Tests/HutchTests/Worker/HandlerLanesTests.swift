import Testing

@testable import Hutch

/// How many handler lanes each consumer runs, and when the lanes must also take the
/// worker's global limiter (``HandlerLanes``).
@Suite struct HandlerLanesTests {
    @Test func oneConsumerRunsAsManyLanesAsTheGlobalLimitWithoutTheGlobalLimiter() {
        let lanes = HandlerLanes(concurrency: 20, maxConcurrency: [nil])
        #expect(lanes.perConsumer == [20])
        #expect(!lanes.needGlobalLimit)
    }

    @Test func aConsumerLimitBelowTheGlobalOneBoundsItsLanes() {
        let lanes = HandlerLanes(concurrency: 5, maxConcurrency: [2, 3])
        #expect(lanes.perConsumer == [2, 3])
        #expect(!lanes.needGlobalLimit, "2 + 3 lanes can never exceed 5")
    }

    @Test func consumersWhoseLanesCanExceedTheGlobalLimitTakeTheGlobalLimiter() {
        let lanes = HandlerLanes(concurrency: 8, maxConcurrency: [3, nil])
        #expect(lanes.perConsumer == [3, 8])
        #expect(lanes.needGlobalLimit)
        #expect(HandlerLanes(concurrency: 1, maxConcurrency: [nil, nil]).needGlobalLimit, "Hutch's default pool of 1 with two consumers")
    }

    @Test func limitsBelowOneCountAsOne() {
        let lanes = HandlerLanes(concurrency: 0, maxConcurrency: [0, nil])
        #expect(lanes.perConsumer == [1, 1])
        #expect(lanes.needGlobalLimit)
    }
}
