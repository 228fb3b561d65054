import ArgumentParser

@main
struct HutchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hutch",
        abstract: "Operate a Hutch / hutch-schedule deployment: dead messages, delayed messages, the Ruby pairing.",
        subcommands: [Dead.self, Delays.self, Pairing.self]
    )
}
