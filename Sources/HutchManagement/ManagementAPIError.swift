/// A request to RabbitMQ's management HTTP API that failed: the method, the path, and
/// the HTTP status and body the broker answered with (or why no answer came).
package struct ManagementAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP method (`PUT`, `GET`, `DELETE`).
    package var method: String
    /// The URL requested.
    package var url: String
    /// The HTTP status, `nil` when no response arrived.
    package var status: Int?
    /// The response body, or the transport error.
    package var detail: String

    /// Creates an error.
    package init(method: String, url: String, status: Int?, detail: String) {
        self.method = method
        self.url = url
        self.status = status
        self.detail = detail
    }

    package var description: String {
        let answer = status.map { "HTTP \($0)" } ?? "no response"
        return "\(method) \(url): \(answer)\(detail.isEmpty ? "" : ": \(detail)")"
    }
}
