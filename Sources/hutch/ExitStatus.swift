import ArgumentParser
import Foundation
import HutchConformance
import HutchConventions

/// The exit statuses of `hutch`, one meaning each, so a script can tell a finding from a
/// run that could not look at all.
enum ExitStatus: Int32 {
    /// Done; nothing wrong found.
    case done = 0
    /// Done, and something needs the operator: a broken or mismatched pairing, or selected
    /// dead messages that could not be re-delivered (no queue bound for their routing key).
    case attention = 1
    /// Nothing to do: no dead message matched the selection (or the one asked for is not there).
    case nothingMatched = 2
    /// The tool could not do its job: the broker or management API unreachable or
    /// refusing the credentials, a missing dead queue, an interrupted re-delivery.
    case toolError = 3

    /// The paragraph `--help` shows.
    static let help = """
        Exit status: 0 done, nothing wrong found; 1 something needs attention (a broken or \
        mismatched pairing, dead messages that could not be re-delivered because no queue \
        is bound for their routing key); 2 nothing matched (no dead message selected, or \
        the one asked for is not in the queue); 3 the tool could not do its job (broker or \
        management API unreachable or refusing the credentials, no dead queue, a \
        re-delivery interrupted by the broker); 64 a usage error.
        """

    /// Ends the command with this status (0 returns normally).
    func exit() throws {
        if self != .done { throw ExitCode(rawValue) }
    }
}

/// Standard error, for messages that are not results; escaped for the terminal, with
/// passwords in URLs masked.
enum StandardError {
    static func print(_ line: String) {
        let safe = TerminalText.escape(URLRedaction.redacting(line))
        FileHandle.standardError.write(Data("hutch: \(safe)\n".utf8))
    }
}

/// Runs a subcommand's work; a failure to do it is printed and ends the command with
/// ``ExitStatus/toolError``.
func runReportingFailures(_ work: () async throws -> ExitStatus) async throws {
    let status: ExitStatus
    do {
        status = try await work()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        StandardError.print("\(error)")
        status = .toolError
    }
    try status.exit()
}
