import Hutch
import HutchAMQP
import Testing

@Suite struct ReconnectBackoffTests {
    @Test func growsExponentiallyWithJitterUpToTheMaximum() {
        let backoff = ReconnectBackoff(initial: .seconds(1), maximum: .seconds(10), multiplier: 2)
        #expect(backoff.delay(attempt: 0, unitRandom: 1) == .seconds(1))
        #expect(backoff.delay(attempt: 0, unitRandom: 0) == .milliseconds(500))
        #expect(backoff.delay(attempt: 2, unitRandom: 1) == .seconds(4))
        #expect(backoff.delay(attempt: 3, unitRandom: 0.5) == .seconds(6))
        #expect(backoff.delay(attempt: 10, unitRandom: 1) == .seconds(10))
        #expect(backoff.delay(attempt: 1000, unitRandom: 1) == .seconds(10))
        for attempt in 0..<20 {
            let delay = backoff.delay(attempt: attempt)
            #expect(delay >= .milliseconds(500) && delay <= .seconds(10))
        }
    }
}
