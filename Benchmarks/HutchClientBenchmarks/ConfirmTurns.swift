import Foundation
import Hutch

#if canImport(Glibc)
    import Glibc
#endif

/// `--profile confirm-turns N`: confirms awaited one by one by the C loop and by the Swift
/// client (from the pool, then on the connection's executor), in turns of
/// HUTCH_BENCH_TURN messages (250) that follow one another: C, pool, executor, the order
/// rotating each round, until each has sent N.
///
/// The pairs of `scripts/benchmark.sh` run each client's 5,000 confirms in a process of
/// its own, a second or two apart; on a shared machine whose speed drifts by a third
/// within seconds, a pair's ratio then ranges from 0.6 to 1.3. Turns of a few dozen
/// milliseconds, interleaved, put each client's messages in the same stretches of the
/// machine's time, so the ratio of their totals measures the clients, not the drift.
///
/// The C loop is HUTCH_BENCH_C_LOOP (`amqp_loop`, run with `-s publish_confirm_turns`) sending
/// the sample HUTCH_BENCH_SAMPLE (`--write-sample`): it times each turn itself. Prints a
/// `turn CLIENT NS CPU-µS` line per turn, then the totals (`turns CLIENT RATE CPU-µS/MSG`).
struct ConfirmTurns {
    /// Messages per turn.
    static let turn = Bench.load("HUTCH_BENCH_TURN", 250)

    /// One client's turns.
    struct Tally {
        var nanoseconds: UInt64 = 0
        var cpuMicroseconds = 0.0
        var messages = 0

        mutating func add(nanoseconds: UInt64, cpuMicroseconds: Double, messages: Int) {
            self.nanoseconds += nanoseconds
            self.cpuMicroseconds += cpuMicroseconds
            self.messages += messages
        }
    }

    let publisher: Publisher
    /// Empties a queue (the admin connection's): both clients' queues are emptied after
    /// each round, so neither publishes into a deeper queue than the other.
    let purge: (String) async throws -> Void

    func run(count: Int) async throws {
        let cLoop = try await CLoopTurns.start()
        do {
            try await interleave(count: count, with: cLoop)
        } catch {
            cLoop.finish(stopping: true)
            throw error
        }
        cLoop.finish(stopping: false)
    }

    private func interleave(count: Int, with cLoop: CLoopTurns) async throws {
        var tallies: [String: Tally] = [:]
        let rounds = max(1, count / Self.turn)
        for round in 0..<rounds {
            let clients = ["c", "swift", "swift_executor"]
            for turn in clients.indices {
                let client = clients[(turn + round) % clients.count]
                let (nanoseconds, cpu) =
                    switch client {
                    case "c": try await cLoop.turn()
                    case "swift": try await timed { try await confirmOneByOne(publisher, count: Self.turn) }
                    default: try await timed { try await confirmOneByOneOnExecutor(publisher, count: Self.turn) }
                    }
                print("turn \(client) \(nanoseconds) \(String(format: "%.1f", cpu))")
                tallies[client, default: Tally()].add(nanoseconds: nanoseconds, cpuMicroseconds: cpu, messages: Self.turn)
            }
            try await purge(Bench.throughputQueue)
            try await purge(cLoop.queue)
        }
        for (client, tally) in tallies.sorted(by: { $0.key < $1.key }) {
            let rate = Double(tally.messages) / (Double(tally.nanoseconds) / 1e9)
            print(
                "turns \(client) \(Int(rate)) \(String(format: "%.1f", tally.cpuMicroseconds / Double(max(tally.messages, 1))))")
        }
    }

    /// The time and this process's CPU time (µs) of `body`.
    private func timed(_ body: () async throws -> Void) async throws -> (UInt64, Double) {
        let cpu = CPUUsage.now()
        let started = ContinuousClock.now
        try await body()
        let elapsed = started.duration(to: .now)
        let nanoseconds = UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000)
        return (nanoseconds, (CPUUsage.now().own - cpu.own) * 1e6)
    }
}

/// The C loop (`amqp_loop -s publish_confirm_turns`) as a child process: connected in
/// confirm mode once started; each line written to it runs one turn, which it times.
final class CLoopTurns: @unchecked Sendable {
    // @unchecked: `output` is read by one turn at a time (each turn awaits its line before
    // the next is asked for), and `input` written only between them.
    private let process: Process
    private let input: FileHandle
    private let output: UnsafeMutablePointer<FILE>
    /// The queue (and exchange) the loop declared and publishes to.
    let queue: String

    private init(process: Process, input: FileHandle, output: UnsafeMutablePointer<FILE>, queue: String) {
        self.queue = queue
        self.process = process
        self.input = input
        self.output = output
    }

    /// Starts the loop on its own exchange and queue, and waits until it is ready.
    static func start() async throws -> CLoopTurns {
        guard let path = Bench.environment["HUTCH_BENCH_C_LOOP"], let sample = Bench.environment["HUTCH_BENCH_SAMPLE"] else {
            throw ConfirmTurnsError("confirm-turns needs HUTCH_BENCH_C_LOOP (amqp_loop) and HUTCH_BENCH_SAMPLE (--write-sample)")
        }
        let broker = URLComponents(string: Bench.url)
        let name = "hutch-bench-turns-\(UInt32.random(in: 0...UInt32.max))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "-f", sample, "-H", broker?.host ?? "127.0.0.1", "-p", "\(broker?.port ?? 5672)", "-x", name, "-q", name,
            "-c", "\(ConfirmTurns.turn)", "-s", "publish_confirm_turns"
        ]
        let toLoop = Pipe()
        let fromLoop = Pipe()
        process.standardInput = toLoop
        process.standardOutput = fromLoop
        try process.run()
        guard let output = fdopen(dup(fromLoop.fileHandleForReading.fileDescriptor), "r") else {
            throw ConfirmTurnsError("could not read the C loop's output")
        }
        let loop = CLoopTurns(process: process, input: toLoop.fileHandleForWriting, output: output, queue: name)
        while let line = await loop.nextLine() {
            if line == "READY" { return loop }
        }
        // Its output ended: it exits (reading the status sooner traps in Foundation).
        process.waitUntilExit()
        throw ConfirmTurnsError("the C loop ended before it was ready (exit status \(process.terminationStatus))")
    }

    /// Runs one turn: its time (ns) and the loop's CPU time (µs), as the loop measured them.
    func turn() async throws -> (UInt64, Double) {
        input.write(Data("go\n".utf8))
        guard let line = await nextLine() else { throw ConfirmTurnsError("the C loop ended during a turn") }
        let fields = line.split(separator: " ")
        guard fields.count == 3, fields[0] == "TURN", let nanoseconds = UInt64(fields[1]), let cpu = Double(fields[2]) else {
            throw ConfirmTurnsError("expected \"TURN <ns> <cpu-µs>\" from the C loop, found \"\(line)\"")
        }
        return (nanoseconds, cpu)
    }

    /// Ends the loop (end of input; `stopping`: a signal first, for a loop that may be stuck
    /// in a turn) and waits for it to exit, deleting its queue when it ends normally.
    func finish(stopping: Bool) {
        if stopping, process.isRunning { process.terminate() }
        try? input.close()
        process.waitUntilExit()
        fclose(output)
    }

    /// The loop's next line, read on a thread of its own: the read blocks while the loop
    /// runs its turn, which is no work for Swift's cooperative pool.
    private func nextLine() async -> String? {
        await withCheckedContinuation { continuation in
            Thread { [self] in
                var buffer: UnsafeMutablePointer<CChar>?
                var capacity = 0
                defer { free(buffer) }
                guard getline(&buffer, &capacity, output) > 0, let buffer else { return continuation.resume(returning: nil) }
                continuation.resume(returning: String(cString: buffer).trimmingCharacters(in: .newlines))
            }.start()
        }
    }
}

/// Why `--profile confirm-turns` could not run.
struct ConfirmTurnsError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
