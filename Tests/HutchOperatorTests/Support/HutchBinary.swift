import Foundation
import HutchTestSupport
import Testing

/// The built `hutch` command, beside the test bundle in the products folder.
enum HutchBinary {
    static let path: String = {
        // On Linux the test bundle is an executable in the products folder.
        let testBinary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("hutch").path
    }()

    /// The condition of the tests that run it.
    static let built: ConditionTrait = .enabled("the hutch executable is built beside the tests (swift build --build-tests)") {
        FileManager.default.isExecutableFile(atPath: path)
    }

    /// Runs `hutch ARGS` with `environment` added, waiting on a thread of its own (not on
    /// Swift's cooperative pool, which other tests need); its exit status, standard
    /// output and standard error.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (
        status: Int32, output: String, error: String
    ) {
        try await offThePool { try runBlocking(arguments, environment: environment) }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String]) throws -> (
        status: Int32, output: String, error: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read standard error on its own thread so neither pipe fills up and blocks the child.
        let errorText = Locked("")
        let reader = Thread { errorText.set(String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)) }
        reader.start()
        let outputText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        while !errorText.isSet { Thread.sleep(forTimeInterval: 0.01) }
        return (process.terminationStatus, outputText, errorText.value)
    }
}

/// Runs blocking `work` (a child process, rabbitmqctl) on a thread of its own and awaits it.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// A value set once from another thread.
final class Locked: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var text: String
    private var done = false

    init(_ text: String) { self.text = text }

    func set(_ value: String) {
        lock.lock()
        text = value
        done = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }

    var value: String {
        lock.lock()
        defer { lock.unlock() }
        return text
    }
}
