import HutchConventions
import Testing

@testable import HutchAMQP

/// The client announces `connection.blocked` (RabbitMQ sends the notification only to
/// clients that do), keeping whatever capabilities the caller set.
@Suite struct ClientCapabilitiesTests {
    @Test func connectionBlockedIsAnnounced() {
        let capabilities = LibRabbitMQConnection.capabilities(merging: nil)
        #expect(capabilities["connection.blocked"] == .boolean(true))
    }

    @Test func theCallersCapabilitiesAreKept() {
        let given = FieldTable(pairs: [("consumer_cancel_notify", .boolean(true)), ("connection.blocked", .boolean(false))])
        let capabilities = LibRabbitMQConnection.capabilities(merging: .table(given))
        #expect(capabilities["consumer_cancel_notify"] == .boolean(true))
        #expect(capabilities["connection.blocked"] == .boolean(true))
    }
}
