import Foundation

extension LiveBroker {
    /// How many channels are open in `virtualHost` right now (`rabbitmqctl list_channels`,
    /// which asks the channel processes themselves, not the management statistics).
    static func openChannelCount(virtualHost: String) async throws -> Int {
        let output = try await ctl(["list_channels", "-q", "--no-table-headers", "vhost"])
        return output.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces) == virtualHost }.count
    }

    /// Whether each channel open in `virtualHost` is in confirm mode (`rabbitmqctl
    /// list_channels vhost confirm`).
    static func channelConfirmModes(virtualHost: String) async throws -> [Bool] {
        let output = try await ctl(["list_channels", "-q", "--no-table-headers", "vhost", "confirm"])
        return output.split(separator: "\n").compactMap { line -> Bool? in
            let fields = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, fields[0] == virtualHost else { return nil }
            return fields[1] == "true"
        }
    }
}
