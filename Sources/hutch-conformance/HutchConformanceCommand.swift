import ArgumentParser
import Foundation
import HutchConformance

@main
struct HutchConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hutch-conformance",
        abstract: "Check Swift's Hutch conventions against cases recorded from the real Ruby gems.",
        subcommands: [Check.self, Live.self, Diff.self, Coverage.self],
        defaultSubcommand: Check.self
    )
}
