import Foundation

extension PeerSession {
    /// Starts a peer on `spec` (`--spec FILE`) in `virtualHost`, with the broker URL — and
    /// its password — in the environment, never on the command line.
    ///
    /// The spec is written to a folder of its own under the temporary directory, named with
    /// `id`; the peer reads it once, before it reports `ready`, so the folder is removed
    /// before this returns, whatever the start's outcome.
    ///
    /// - Returns: how the start ended; `.failed` naming the error when the spec cannot be
    ///   encoded or written.
    static func start(
        _ settings: PeerSettings, spec: @autoclosure () throws -> [UInt8], id: String, url: String, virtualHost: String,
        timeout: Int
    ) async -> PeerStart {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hutch-peer-\(id)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specFile = directory.appendingPathComponent("spec.json")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(try spec()).write(to: specFile)
        } catch {
            return .failed("the peer's spec file could not be written: \(error)")
        }
        let arguments = ["--spec", specFile.path, "--vhost", virtualHost, "--timeout", "\(timeout)"]
        return await start(settings, arguments: arguments, environment: [PeerRunner.urlVariable: url])
    }
}

extension PeerEvent {
    /// The queues a `ready` event says the peer declared (namespaced where the case sets one).
    var declaredQueues: [String] { (fields["queues"]?.arrayValue ?? []).compactMap(\.stringValue) }
}

extension PeerSession {
    /// Stops the peer, then deletes the queues its `ready` event declared and closes `lane`.
    func stop(ready: PeerEvent, cleaningUp lane: LiveLane) async {
        await stop()
        await lane.delete(queues: ready.declaredQueues, exchanges: [])
        await lane.close()
    }
}
