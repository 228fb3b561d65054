import Foundation

extension LiveBroker {
    /// ``ctl(_:)`` on a thread of its own: `rabbitmqctl` takes seconds, and a cooperative
    /// thread waiting for it would stall the tests running beside.
    @discardableResult
    static func ctlOffThePool(_ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            Thread { continuation.resume(with: Result { try ctl(arguments) }) }.start()
        }
    }

    /// How many channels are open in `virtualHost` right now (`rabbitmqctl list_channels`,
    /// which asks the channel processes themselves, not the management statistics).
    static func openChannelCount(virtualHost: String) async throws -> Int {
        let output = try await ctlOffThePool(["list_channels", "-q", "--no-table-headers", "vhost"])
        return output.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces) == virtualHost }.count
    }
}
