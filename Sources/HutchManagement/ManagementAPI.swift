import Foundation
import HutchConventions

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The few calls of RabbitMQ's management HTTP API the live runner needs: virtual
/// hosts, permissions, policies and queue listings, with basic authentication.
///
/// ```swift
/// let api = ManagementAPI(baseURL: "http://127.0.0.1:15672", username: "guest", password: "guest")
/// try await api.createVirtualHost("hutch-conformance-1234")
/// try await api.grantPermissions(virtualHost: "hutch-conformance-1234", user: "guest")
/// try await api.deleteVirtualHost("hutch-conformance-1234")
/// ```
package struct ManagementAPI: Sendable {
    /// The API's root (`http://127.0.0.1:15672`), without `/api`.
    package var baseURL: String
    /// The user for basic authentication.
    package var username: String
    /// The password for basic authentication.
    package var password: String
    /// How long one request may take, answer included: a hard deadline.
    package var timeout: Duration

    /// Creates a client.
    package init(baseURL: String, username: String, password: String, timeout: Duration = .seconds(15)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.username = username
        self.password = password
        self.timeout = timeout
    }

    /// `GET /api/overview`: the broker's product and version as the API reports them.
    package func overview() async throws(ManagementAPIError) -> JSONObject {
        try await request("GET", "/api/overview").objectValue ?? JSONObject()
    }

    /// `GET /api/nodes`: the names of the cluster's nodes (one for a single broker).
    package func nodeNames() async throws(ManagementAPIError) -> [String] {
        let list = try await request("GET", "/api/nodes?columns=name")
        return (list.arrayValue ?? []).compactMap { $0.objectValue?["name"]?.stringValue }
    }

    /// `PUT /api/vhosts/NAME`.
    package func createVirtualHost(_ name: String) async throws(ManagementAPIError) {
        _ = try await request("PUT", "/api/vhosts/\(Self.segment(name))", body: ["description": "hutch-conformance live run"])
    }

    /// `DELETE /api/vhosts/NAME`: the vhost and everything in it. A vhost that is
    /// already gone is not an error.
    package func deleteVirtualHost(_ name: String) async throws(ManagementAPIError) {
        _ = try await request("DELETE", "/api/vhosts/\(Self.segment(name))", allowNotFound: true)
    }

    /// `GET /api/vhosts`: the names of every vhost.
    package func virtualHostNames() async throws(ManagementAPIError) -> [String] {
        let list = try await request("GET", "/api/vhosts?columns=name")
        return (list.arrayValue ?? []).compactMap { $0.objectValue?["name"]?.stringValue }
    }

    /// `GET /api/vhosts/NAME`: whether the vhost exists.
    package func virtualHostExists(_ name: String) async throws(ManagementAPIError) -> Bool {
        try await request("GET", "/api/vhosts/\(Self.segment(name))", allowNotFound: true) != .null
    }

    /// `PUT /api/permissions/VHOST/USER`: configure, write and read everything.
    package func grantPermissions(virtualHost: String, user: String) async throws(ManagementAPIError) {
        _ = try await request(
            "PUT", "/api/permissions/\(Self.segment(virtualHost))/\(Self.segment(user))",
            body: ["configure": ".*", "write": ".*", "read": ".*"])
    }

    /// `PUT /api/policies/VHOST/NAME`.
    package func putPolicy(_ policy: BrokerPolicy, virtualHost: String) async throws(ManagementAPIError) {
        _ = try await request(
            "PUT", "/api/policies/\(Self.segment(virtualHost))/\(Self.segment(policy.name))",
            body: [
                "pattern": .string(policy.pattern), "definition": .object(policy.definition), "apply-to": .string(policy.applyTo),
                "priority": 0
            ])
    }

    /// `DELETE /api/policies/VHOST/NAME`; a policy already gone is not an error.
    package func deletePolicy(named name: String, virtualHost: String) async throws(ManagementAPIError) {
        _ = try await request("DELETE", "/api/policies/\(Self.segment(virtualHost))/\(Self.segment(name))", allowNotFound: true)
    }

    /// `GET /api/queues/VHOST/NAME`: the queue's details (`effective_policy_definition`,
    /// `arguments`, …), or `nil` when there is no such queue.
    package func queue(named name: String, virtualHost: String) async throws(ManagementAPIError) -> JSONObject? {
        try await request("GET", "/api/queues/\(Self.segment(virtualHost))/\(Self.segment(name))", allowNotFound: true).objectValue
    }

    /// `GET /api/queues/VHOST`: the names of the vhost's queues.
    package func queueNames(virtualHost: String) async throws(ManagementAPIError) -> [String] {
        let list = try await request("GET", "/api/queues/\(Self.segment(virtualHost))?columns=name")
        return (list.arrayValue ?? []).compactMap { $0.objectValue?["name"]?.stringValue }
    }

    /// `GET /api/exchanges/VHOST/NAME/bindings/source`: the exchange's bindings to
    /// queues, as queue name and routing (binding) key.
    package func queueBindings(exchange: String, virtualHost: String) async throws(ManagementAPIError) -> [(
        queue: String, routingKey: String
    )] {
        let list = try await request("GET", "/api/exchanges/\(Self.segment(virtualHost))/\(Self.segment(exchange))/bindings/source")
        return (list.arrayValue ?? []).compactMap { binding in
            guard let object = binding.objectValue, object["destination_type"]?.stringValue == "queue",
                let queue = object["destination"]?.stringValue
            else { return nil }
            return (queue, object["routing_key"]?.stringValue ?? "")
        }
    }

    private func unauthorized(_ method: String, _ url: String) -> ManagementAPIError {
        ManagementAPIError(
            method: method, url: url, status: 401,
            detail: "the management API refused user '\(username)' and its password (401 Unauthorized)")
    }

    /// One path segment, percent-encoded (the default vhost `/` is `%2F`).
    package static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Any call: `method` on `path` (below the root, starting `/api/`), with `body` as
    /// JSON and `headers` added; the answer's JSON, or `.null` for an empty answer (and
    /// for 404 when `allowNotFound`).
    package func request(
        _ method: String, _ path: String, body: JSONValue? = nil, headers: [String: String] = [:], allowNotFound: Bool = false
    ) async throws(ManagementAPIError) -> JSONValue {
        let address = baseURL + path
        let shown = URLRedaction.redacting(address)
        guard let url = URL(string: address) else {
            throw ManagementAPIError(method: method, url: shown, status: nil, detail: "not a URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout.timeInterval)
        request.httpMethod = method
        let credentials = Data("\(username):\(password)".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data((try? RubyJSON.generate(body)) ?? Array("{}".utf8))
        }
        let data: Data
        switch await HTTPExchange.send(request, timeout: timeout) {
        case .answered(let status, let body):
            if status == 404 && allowNotFound { return .null }
            if status == 401 { throw unauthorized(method, shown) }
            guard (200..<300).contains(status) else {
                throw ManagementAPIError(
                    method: method, url: shown, status: status, detail: String(decoding: body.prefix(300), as: UTF8.self))
            }
            data = body
        case .unauthorized:
            throw unauthorized(method, shown)
        case .failed(let reason):
            throw ManagementAPIError(method: method, url: shown, status: nil, detail: reason)
        case .timedOut:
            throw ManagementAPIError(method: method, url: shown, status: nil, detail: "no answer within \(timeout.secondsText)")
        }
        guard !data.isEmpty else { return .null }
        return (try? RubyJSON.parse([UInt8](data))) ?? .null
    }
}

extension ManagementAPI: CustomStringConvertible, CustomReflectable {
    /// The API's root and user; never the password.
    package var description: String { "ManagementAPI(\(URLRedaction.redacting(baseURL)), user \(username))" }

    /// What `dump` and the debugger show: the password as `***`.
    package var customMirror: Mirror {
        Mirror(
            self,
            children: ["baseURL": URLRedaction.redacting(baseURL), "username": username, "password": URLRedaction.mask, "timeout": timeout])
    }
}
