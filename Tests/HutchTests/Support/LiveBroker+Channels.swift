import Foundation

extension LiveBroker {
    /// How many channels are open in `virtualHost` right now (`rabbitmqctl list_channels`,
    /// which asks the channel processes themselves, not the management statistics).
    static func openChannelCount(virtualHost: String) async throws -> Int {
        let output = try await ctl(["list_channels", "-q", "--no-table-headers", "vhost"])
        return output.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces) == virtualHost }.count
    }
}
