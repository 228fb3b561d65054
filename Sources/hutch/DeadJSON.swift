import Foundation
import HutchConventions
import HutchOperator

/// A dead message in `--json` output.
struct DeadMessageJSON: Encodable {
    var position: Int
    var messageID: String?
    var routingKey: String
    var consumerRoutingKey: String
    var failureCount: Int
    var firstFailure: Date?
    var lastFailure: Date?
    var redelivered: Bool
    var headers: [String: String]?
    /// The body (or its first characters), as UTF-8 text.
    var body: String
    /// The body in base64, when it is not valid UTF-8.
    var bodyBase64: String?

    init(_ message: DeadMessage, preview: Int?) {
        position = message.position
        messageID = message.messageID
        routingKey = message.delivery.routingKey
        consumerRoutingKey = message.originalRoutingKey
        failureCount = message.failureCount
        firstFailure = message.firstFailure
        lastFailure = message.lastFailure
        redelivered = message.delivery.redelivered
        body = message.bodyPreview(limit: preview ?? Int.max)
        if preview == nil {
            headers = Dictionary((message.delivery.properties.headers?.entries ?? []).map { ($0.key, HeaderText.render($0.value)) }) { $1 }
            if String(validating: message.delivery.body, as: UTF8.self) == nil {
                bodyBase64 = Data(message.delivery.body).base64EncodedString()
            }
        }
    }
}

/// `hutch dead list --json`.
struct DeadListingJSON: Encodable {
    var queue: String
    var ready: UInt32
    var messages: [DeadMessageJSON]

    init(_ listing: DeadQueueListing, preview: Int) {
        queue = listing.queue
        ready = listing.ready
        messages = listing.messages.map { DeadMessageJSON($0, preview: preview) }
    }
}

/// `hutch dead redeliver --json`.
struct RedeliveryJSON: Encodable {
    struct Entry: Encodable {
        var position: Int
        var messageID: String?
        var routingKey: String
    }

    var examined: Int
    var moved: [Entry]
    var unroutable: [Entry]

    init(_ report: RedeliveryReport) {
        examined = report.examined
        moved = report.moved.map { Entry(position: $0.position, messageID: $0.messageID, routingKey: $0.routingKey) }
        unroutable = report.unroutable.map { Entry(position: $0.position, messageID: $0.messageID, routingKey: $0.routingKey) }
    }
}

/// `hutch dead purge --json`.
struct PurgeJSON: Encodable {
    var queue: String
    var purged: UInt32
}
