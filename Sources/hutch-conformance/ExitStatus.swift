import ArgumentParser
import Foundation

/// The exit statuses of `check` and `live`, one meaning each, so a CI step can tell a
/// real difference from a run that checked nothing or could not run at all.
enum ExitStatus: Int32 {
    /// Every case checked agrees with Ruby (and at least one was checked).
    case passed = 0
    /// Ruby and Swift differ: a difference, an unsupported kind, an unreadable case
    /// file, or a listed expected failure that now passes.
    case differ = 1
    /// Nothing was checked: no case selected, or every selected case skipped — or, with
    /// `live`, a whole lane (such as the Ruby peer's) skipped.
    case nothingChecked = 2
    /// The tool could not do its job: a report it cannot write, a broker or management
    /// API it cannot reach or that refuses the credentials, a Ruby peer that does not start.
    case toolError = 3

    /// What a usage error exits with: swift-argument-parser's own code (EX_USAGE).
    static let usage: Int32 = 64

    /// The paragraph `--help` shows.
    static let help = """
        Exit status: 0 every case checked agrees with Ruby; 1 Ruby and Swift differ \
        (a difference, an unsupported kind, an unreadable case file or folder, or a \
        listed expected failure that now passes); 2 nothing was checked (no case \
        selected, every selected case skipped — allowed with --allow-empty — or, with \
        live, a whole lane skipped — allowed with --allow-skips); 3 the tool could not \
        do its job (a report it cannot write, the broker or management API unreachable \
        or refusing the credentials, the Ruby peer not starting, the set-up not done in \
        time); 64 a usage error (unknown or missing options, an --expected-failures \
        list that cannot be read). When several apply, the \
        highest of 3, 1, 2 wins.
        """

    /// Ends the command with this status (0 returns normally).
    func exit() throws {
        if self != .passed { throw ExitCode(rawValue) }
    }
}

/// Standard error, for messages that are not results.
enum StandardError {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data("hutch-conformance: \(line)\n".utf8))
    }
}
