import Hutch

/// Books every created invoice — the Swift twin of the Ruby app's `Shop::InvoiceConsumer`.
/// Named like it, it shares its queue (`shop:invoice_consumer`): Ruby and Swift workers
/// take turns on the same messages, so both must read them and settle failures alike.
public struct InvoiceConsumer: HutchConsumer {
    public static let className = "Shop::InvoiceConsumer"
    public static let routingKeys = ["shop.invoice.created"]
    let ledger: Ledger

    /// A consumer writing to `ledger`.
    public init(ledger: Ledger) { self.ledger = ledger }

    /// Books the invoice.
    public func process(_ message: ReceivedMessage<InvoiceCreated>) async throws {
        await ledger.book(message.body)
    }
}
