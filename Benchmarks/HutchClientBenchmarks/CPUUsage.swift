import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The CPU time (user + system) this process and the broker have spent so far, read before
/// and after a timed `--profile` confirm shape: per message, the client's CPU against the
/// C loop's (`amqp_loop -s … -b PID`), and the broker's in the same seconds. On two cores
/// the broker needs most of them, so every microsecond a client spends per message is one
/// the broker does not get.
struct CPUUsage {
    /// This process, every thread, in seconds.
    let own: Double
    /// The broker's process (HUTCH_BENCH_BROKER_PID), when given and readable.
    let broker: Double?

    static let brokerPID = Bench.environment["HUTCH_BENCH_BROKER_PID"].flatMap(Int32.init)

    static func now() -> CPUUsage {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let seconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        let microseconds = Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        return CPUUsage(own: seconds + microseconds / 1e6, broker: brokerPID.flatMap(processSeconds))
    }

    /// User + system seconds of process `pid`, from `/proc/PID/stat` (its 14th and 15th
    /// fields, in clock ticks; the 2nd, `(comm)`, may hold spaces).
    static func processSeconds(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = text.lastIndex(of: ")")
        else { return nil }
        // From the 3rd field (the state) on: utime and stime are the 12th and 13th here.
        let fields = text[text.index(after: nameEnd)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// "cpu µs/msg client X broker Y" for `count` messages since `start` (the broker's
    /// figure left out when it is not known).
    func report(since start: CPUUsage, messages count: Int) -> String {
        let perMessage = 1e6 / Double(max(count, 1))
        var line = "cpu µs/msg client \(rounded((own - start.own) * perMessage))"
        if let broker, let before = start.broker { line += " broker \(rounded((broker - before) * perMessage))" }
        return line
    }

    private func rounded(_ value: Double) -> String { String(format: "%.1f", value) }
}
