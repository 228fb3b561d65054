import HutchAMQP
import HutchManagement

extension LiveSettings {
    /// The management API at ``managementURL``, with the user and password of
    /// `credentials` (the broker URL's) and ``httpTimeout``; `nil` without a management
    /// URL (no HTTP call then: the API may be absent, or another broker's).
    func managementAPI(credentials: ConnectionOptions) -> ManagementAPI? {
        managementURL.map {
            ManagementAPI(
                baseURL: $0, username: credentials.username, password: credentials.password,
                timeout: .milliseconds(Int64(httpTimeout * 1000)))
        }
    }
}
