/// A request to RabbitMQ's management HTTP API that failed: the method, the path, and
/// the HTTP status and body the broker answered with (or why no answer came).
public struct ManagementAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP method (`PUT`, `GET`, `DELETE`).
    public var method: String
    /// The URL requested.
    public var url: String
    /// The HTTP status, `nil` when no response arrived.
    public var status: Int?
    /// The response body, or the transport error.
    public var detail: String

    /// Creates an error.
    public init(method: String, url: String, status: Int?, detail: String) {
        self.method = method
        self.url = url
        self.status = status
        self.detail = detail
    }

    public var description: String {
        let answer = status.map { "HTTP \($0)" } ?? "no response"
        return "\(method) \(url): \(answer)\(detail.isEmpty ? "" : ": \(detail)")"
    }
}
