import HutchContract
import ShopService

/// The shop's Swift side of its Ruby contract: the consumers of Ruby's messages and
/// the messages the Swift billing publishes for Ruby's consumers, on exchange `shop`.
enum ShopContract {
    /// The exchange the shop uses (`Hutch::Config.set(:mq_exchange, 'shop')`).
    static let exchange = "shop"

    /// A sample invoice the Swift billing publishes.
    static let sampleInvoice = InvoiceCreated(
        invoiceID: "inv-2001", customer: "c-7", amountCents: 4995, currency: "EUR",
        lines: [.init(sku: "BOOK-1", quantity: 1, unitCents: 4995)])

    /// The contract as the service ships it.
    static var contract: MessageContract {
        MessageContract(
            exchange: exchange,
            consumers: [ContractConsumer(InvoiceConsumer.self), ContractConsumer(ReminderConsumer.self)],
            publishes: [
                .publish(Billing.invoiceCreated, sampleInvoice),
                .enqueueIn(Billing.reminderDelay, Billing.reminder(for: sampleInvoice), for: ReminderConsumer.self)
            ])
    }
}
