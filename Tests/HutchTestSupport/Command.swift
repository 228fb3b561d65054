import Foundation

/// Runs a command-line tool to completion and captures what it prints.
public enum Command {
    /// Runs `executable` with `arguments`; returns its exit status and its standard
    /// output, with standard error appended to it when `includeStandardError`, else
    /// discarded.
    public static func run(
        _ executable: String, _ arguments: [String], includeStandardError: Bool = false
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = includeStandardError ? pipe : FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
