import Hutch
import HutchConventions
import Testing

/// `enqueueIn` takes a `Duration`; it travels as the Ruby interval a Ruby caller would
/// pass: whole seconds as an Integer, anything finer as a Float, at the same delay level.
@Suite struct ScheduleIntervalDurationTests {
    @Test func wholeSecondsAreARubyInteger() {
        #expect(ScheduleInterval(.seconds(30)) == .seconds(30))
        #expect(ScheduleInterval(.milliseconds(5000)) == .seconds(5))
        #expect(ScheduleInterval(.zero) == .seconds(0))
    }

    @Test func finerDurationsAreARubyFloat() {
        #expect(ScheduleInterval(.milliseconds(2500)) == .float(2.5))
        #expect(ScheduleInterval(.milliseconds(-1500)) == .float(-1.5))
    }

    @Test(arguments: [(Duration.seconds(5), 5), (.milliseconds(5001), 10), (.seconds(3600), 3600), (.seconds(4 * 3600), 10800)])
    func theDelayLevelIsRubys(delay: Duration, levelSeconds: Int) {
        #expect(ScheduleInterval(delay).delayLevel == DelayLevel(forInterval: levelSeconds))
    }
}
