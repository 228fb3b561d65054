import HutchAMQP
import HutchManagement

extension LiveRunner {
    /// A name for a run's vhosts no other run has: `hutch-conformance-<uuid>`.
    package static func newRunName(_ environment: CheckEnvironment) -> String {
        "hutch-conformance-\(environment.makeUUID())"
    }

    /// Stops the run creating vhosts, then deletes every vhost whose name starts with
    /// `runName` and a dash — what the run created — for a run interrupted before its
    /// own clean-up. Returns the vhosts deleted, or `nil` when ``LiveSettings/setupTimeout``
    /// (the time creating them may take) passed first.
    package func deleteVirtualHosts(named runName: String) async throws -> [String]? {
        try await Deadline.run(within: settings.setupTimeout) {
            await stop.request()
            return try await deleteEveryVirtualHost(named: runName)
        }
    }

    private func deleteEveryVirtualHost(named runName: String) async throws -> [String] {
        guard settings.managementURL != nil,
            let management = settings.managementAPI(credentials: try ConnectionOptions(url: settings.url))
        else { return [] }
        var deleted: [String] = []
        for vhost in try await management.virtualHostNames() where vhost.hasPrefix("\(runName)-") {
            try await management.deleteVirtualHost(vhost)
            deleted.append(vhost)
        }
        return deleted
    }
}
