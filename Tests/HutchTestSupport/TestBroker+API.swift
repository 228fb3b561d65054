import Foundation
import HutchConventions
import HutchManagement

/// What the live tests ask of the test broker over its management HTTP API
/// (`HUTCH_TEST_MANAGEMENT_URL`, as guest) rather than with `rabbitmqctl`.
///
/// Each `rabbitmqctl` run boots an Erlang VM: one to two seconds of CPU. The few dozen
/// runs of a full test run took about half of a 2-core machine, so the tests beside them
/// missed their time limits. An HTTP call costs the broker a few milliseconds.
/// `rabbitmqctl` stays where a test checks a command printed for people to run, and for
/// the brokers of the restart and cluster tests.
extension TestBroker {
    /// The management API is not configured (`HUTCH_TEST_MANAGEMENT_URL` is unset).
    package struct NoManagementAPI: Error, CustomStringConvertible {
        package var description: String {
            "HUTCH_TEST_MANAGEMENT_URL is not set: the test broker's management API is needed (scripts/test.sh sets it)"
        }
    }

    /// The test broker's management API as guest; each call may take up to 60 s, as a
    /// broker serving a full test run on two cores can be slow to answer.
    package static func api() throws -> ManagementAPI {
        guard let managementURL, !managementURL.isEmpty else { throw NoManagementAPI() }
        return ManagementAPI(baseURL: managementURL, username: "guest", password: "guest", timeout: .seconds(60))
    }

    /// Creates the vhost `name` with every permission for guest.
    package static func makeVirtualHost(_ name: String) async throws {
        let api = try api()
        try await api.createVirtualHost(name)
        try await api.grantPermissions(virtualHost: name, user: "guest")
    }

    /// Deletes the vhost `name` and all in it (the broker closes its connections).
    package static func deleteVirtualHost(_ name: String) async throws {
        try await api().deleteVirtualHost(name)
    }

    /// Sets `user`'s permissions in `virtualHost`: three regular expressions, as
    /// `rabbitmqctl set_permissions` takes them.
    package static func setPermissions(
        virtualHost: String, user: String, configure: String, write: String, read: String
    ) async throws {
        let path = "/api/permissions/\(ManagementAPI.segment(virtualHost))/\(ManagementAPI.segment(user))"
        _ = try await api().request(
            "PUT", path, body: ["configure": .string(configure), "write": .string(write), "read": .string(read)])
    }

    /// Creates (or replaces) the user `name` with `password` and `tags`.
    package static func addUser(_ name: String, password: String, tags: [String] = []) async throws {
        _ = try await api().request(
            "PUT", "/api/users/\(ManagementAPI.segment(name))",
            body: ["password": .string(password), "tags": .string(tags.joined(separator: ","))])
    }

    /// Deletes the user `name`; one already gone is not an error.
    package static func deleteUser(_ name: String) async throws {
        _ = try await api().request("DELETE", "/api/users/\(ManagementAPI.segment(name))", allowNotFound: true)
    }

    /// Sets the queue policy `name` in `virtualHost`.
    package static func setPolicy(_ name: String, pattern: String, definition: JSONObject, virtualHost: String = "/") async throws {
        try await api().putPolicy(BrokerPolicy(name: name, pattern: pattern, definition: definition), virtualHost: virtualHost)
    }

    /// Removes the policy `name` from `virtualHost`; one already gone is not an error.
    package static func clearPolicy(_ name: String, virtualHost: String = "/") async throws {
        try await api().deletePolicy(named: name, virtualHost: virtualHost)
    }

    /// The broker's connection whose client named itself `name` (the `connection_name`
    /// client property): `name` (the broker's), `ssl`, `peer_cert_subject` and
    /// `client_properties`. The API lists a new connection after a moment, so it is
    /// asked again for up to 15 s.
    package static func connection(named name: String) async throws -> JSONObject {
        let api = try api()
        let giveUp = ContinuousClock.now + .seconds(15)
        while true {
            let listed = try await api.request("GET", "/api/connections?columns=name,ssl,peer_cert_subject,client_properties")
            let found = listed.arrayValue?.lazy.compactMap(\.objectValue).first {
                $0["client_properties"]?.objectValue?["connection_name"]?.stringValue == name
            }
            if let found { return found }
            guard ContinuousClock.now < giveUp else {
                throw ManagementAPIError(
                    method: "GET", url: "/api/connections", status: nil, detail: "no connection named \(name) within 15 s")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Has the broker close `connection` (as ``connection(named:)`` found it), giving `reason`.
    package static func close(_ connection: JSONObject, reason: String) async throws {
        guard let brokerName = connection["name"]?.stringValue, !brokerName.isEmpty else {
            throw ManagementAPIError(
                method: "DELETE", url: "/api/connections", status: nil, detail: "the connection listed has no name: \(connection)")
        }
        _ = try await api().request(
            "DELETE", "/api/connections/\(ManagementAPI.segment(brokerName))", headers: ["X-Reason": reason])
    }
}
