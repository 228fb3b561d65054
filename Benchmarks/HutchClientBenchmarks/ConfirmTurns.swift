import Foundation
import Hutch
import HutchAMQP

#if canImport(Glibc)
    import Glibc
#endif

/// `--profile confirm-turns N` and `confirm-inflight-turns N`: confirms awaited one by one,
/// or 100 in flight, by the C loop and by the Swift client (from the pool, then on the
/// connection's executor), in turns that follow one another: C, pool, executor, the order
/// rotating each round, until each has sent N. A turn is HUTCH_BENCH_TURN messages (250)
/// one by one, four times as many in flight (about as long).
///
/// One by one, the C loop also takes turns with a reader thread (`c_reader`): built as the
/// Swift client is used from the pool (the caller writes, a thread of the connection's reads
/// the `basic.ack` and wakes it), it shows what that design's hand-off costs C itself.
///
/// The pairs of `scripts/benchmark.sh` run each client's 5,000 confirms in a process of
/// its own, a second or two apart; on a shared machine whose speed drifts by a third
/// within seconds, a pair's ratio then ranges from 0.6 to 1.3. Turns of a few dozen
/// milliseconds, interleaved, put each client's messages in the same stretches of the
/// machine's time, so the ratio of their totals measures the clients, not the drift.
///
/// The C loop is HUTCH_BENCH_C_LOOP (`amqp_loop`, run with `-s publish_confirm_turns` or
/// `publish_confirm_inflight_turns`) sending the sample HUTCH_BENCH_SAMPLE (`--write-sample`):
/// it times each turn itself. Prints a `turn CLIENT NS CPU-µS` line per turn, then the totals
/// (`turns CLIENT RATE CPU-µS/MSG`).
struct ConfirmTurns {
    /// What each client does in a turn.
    enum Shape {
        /// Confirms awaited one by one.
        case oneByOne
        /// Confirms 100 in flight, then awaited.
        case inFlight

        /// The C loop's turns shape (`amqp_loop -s`).
        var cLoopShape: String {
            switch self {
            case .oneByOne: "publish_confirm_turns"
            case .inFlight: "publish_confirm_inflight_turns"
            }
        }

        /// The clients taking turns: the C loop with a reader thread only one by one.
        var clients: [Client] {
            switch self {
            case .oneByOne: [.c, .cWithReader, .swift, .swiftOnExecutor]
            case .inFlight: [.c, .swift, .swiftOnExecutor]
            }
        }

        /// Messages per turn.
        var turn: Int {
            let oneByOne = Bench.load("HUTCH_BENCH_TURN", 250)
            return self == .oneByOne ? oneByOne : oneByOne * 4
        }

        /// The Swift client's turn of `count` messages, from the pool or on the connection's executor.
        func send(_ publisher: Publisher, count: Int, onExecutor: Bool) async throws {
            switch (self, onExecutor) {
            case (.oneByOne, false): try await confirmOneByOne(publisher, count: count)
            case (.oneByOne, true): try await confirmOneByOneOnExecutor(publisher, count: count)
            case (.inFlight, false): try await confirmInFlight(publisher, count: count)
            case (.inFlight, true): try await confirmInFlightOnExecutor(publisher, count: count)
            }
        }
    }

    /// Who takes a turn; the raw value names it in the output.
    enum Client: String {
        /// The C loop, writing and reading on one thread.
        case c
        /// The C loop with a reader thread (one by one only).
        case cWithReader = "c_reader"
        /// The Swift client from the pool.
        case swift
        /// The Swift client on the connection's executor.
        case swiftOnExecutor = "swift_executor"

        /// Whether the C loop (the child process) takes this turn, publishing to its own queue.
        var isCLoop: Bool { self == .c || self == .cWithReader }
    }

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

    let shape: Shape
    let publisher: Publisher
    /// The benchmark's second connection and a channel on it: both clients' queues are
    /// emptied after each round, so neither publishes into a deeper queue than the other,
    /// and what they held shows that each turn sent what it counts.
    let admin: AMQPConnection
    let channel: UInt16

    func run(count: Int) async throws {
        let turn = shape.turn
        guard turn >= 1, count >= turn else {
            throw ConfirmTurnsError("expected turns of at least one message and at least one turn, found turns of \(turn) for \(count)")
        }
        let name = "hutch-bench-turns-\(UInt32.random(in: 0...UInt32.max))"
        let cLoop: CLoopTurns
        do {
            cLoop = try await CLoopTurns.start(shape: shape.cLoopShape, turn: turn, queue: name)
        } catch {
            // It may have declared its queue and exchange before it failed.
            await remove(name)
            throw error
        }
        do {
            try await interleave(rounds: count / turn, of: turn, with: cLoop)
        } catch {
            // Stopped in a turn, the loop leaves its queue and exchange behind.
            cLoop.finish(stopping: true)
            await remove(name)
            throw error
        }
        cLoop.finish(stopping: false)
    }

    /// Deletes the C loop's queue and exchange `name`, if they are there.
    private func remove(_ name: String) async {
        _ = try? await admin.deleteQueue(name, on: channel)
        _ = try? await admin.deleteExchange(name, on: channel)
    }

    /// `rounds` rounds of the clients' turns of `turn` messages.
    private func interleave(rounds: Int, of turn: Int, with cLoop: CLoopTurns) async throws {
        var tallies: [Client: Tally] = [:]
        _ = try await admin.purgeQueue(Bench.throughputQueue, on: channel)  // the untimed first publish
        for round in 0..<rounds {
            let clients = shape.clients
            for place in clients.indices {
                let client = clients[(place + round) % clients.count]
                let (nanoseconds, cpu) =
                    switch client {
                    case .c, .cWithReader: try await cLoop.turn(withReader: client == .cWithReader)
                    case .swift, .swiftOnExecutor:
                        try await timed { try await shape.send(publisher, count: turn, onExecutor: client == .swiftOnExecutor) }
                    }
                print("turn \(client.rawValue) \(nanoseconds) \(String(format: "%.1f", cpu))")
                tallies[client, default: Tally()].add(nanoseconds: nanoseconds, cpuMicroseconds: cpu, messages: turn)
            }
            try await expect(2 * turn, in: Bench.throughputQueue)
            try await expect(clients.count(where: \.isCLoop) * turn, in: cLoop.queue)
        }
        for (client, tally) in tallies.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let rate = Double(tally.messages) / (Double(tally.nanoseconds) / 1e9)
            print(
                "turns \(client.rawValue) \(Int(rate)) \(String(format: "%.1f", tally.cpuMicroseconds / Double(max(tally.messages, 1))))")
        }
    }

    /// Empties `queue`, which must have held `count` messages.
    private func expect(_ count: Int, in queue: String) async throws {
        let found = try await admin.purgeQueue(queue, on: channel)
        guard found == count else {
            throw ConfirmTurnsError("expected the round's \(count) messages in \(queue), found \(found)")
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

    /// Starts the loop in turns `shape` of `turn` messages on an exchange and a queue of its
    /// own, both named `queue`, and waits until it is ready.
    static func start(shape: String, turn: Int, queue name: String) async throws -> CLoopTurns {
        guard let path = Bench.environment["HUTCH_BENCH_C_LOOP"], let sample = Bench.environment["HUTCH_BENCH_SAMPLE"] else {
            throw ConfirmTurnsError("confirm-turns needs HUTCH_BENCH_C_LOOP (amqp_loop) and HUTCH_BENCH_SAMPLE (--write-sample)")
        }
        let broker = URLComponents(string: Bench.url)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "-f", sample, "-H", broker?.host ?? "127.0.0.1", "-p", "\(broker?.port ?? 5672)", "-x", name, "-q", name,
            "-c", "\(turn)", "-s", shape
        ]
        // A loop that died makes the next turn's write fail (EPIPE, reported below), not end
        // this process.
        signal(SIGPIPE, SIG_IGN)
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

    /// Runs one turn, `withReader` a reader thread (``ConfirmTurns``): its time (ns) and the
    /// loop's CPU time (µs), as the loop measured them.
    func turn(withReader: Bool) async throws -> (UInt64, Double) {
        do {
            try input.write(contentsOf: Data((withReader ? "reader\n" : "go\n").utf8))
        } catch {
            throw ConfirmTurnsError("the C loop stopped reading its turns: \(error)")
        }
        guard let line = await nextLine() else { throw ConfirmTurnsError("the C loop ended during a turn") }
        let fields = line.split(separator: " ")
        guard fields.count == 3, fields[0] == "TURN", let nanoseconds = UInt64(fields[1]), let cpu = Double(fields[2]) else {
            throw ConfirmTurnsError("expected \"TURN <ns> <cpu-µs>\" from the C loop, found \"\(line)\"")
        }
        return (nanoseconds, cpu)
    }

    /// Ends the loop (end of input; `stopping`: a signal first, for a loop that may be stuck
    /// in a turn) and waits for it to exit. Ending normally, the loop deletes its own queue
    /// and exchange; stopped, it leaves them to the caller (``ConfirmTurns/run(count:)``).
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
