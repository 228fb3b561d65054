import Hutch

/// The Swift service's billing: like the Ruby app's `Billing.create_invoice`, it
/// announces an invoice on `shop.invoice.created` and delays a payment reminder for
/// ``ReminderConsumer``.
public struct Billing: Sendable {
    /// The routing key invoices are announced with.
    public static let invoiceCreated = "shop.invoice.created"
    /// How long before the reminder.
    public static let reminderDelay: Duration = .seconds(10)

    let publisher: Publisher

    /// Billing that publishes with `publisher`.
    public init(publisher: Publisher) { self.publisher = publisher }

    /// Announces `invoice` and delays its payment reminder.
    public func createInvoice(_ invoice: InvoiceCreated) async throws {
        try await publisher.publish(Self.invoiceCreated, invoice, confirm: true)
        try await publisher.enqueueIn(Self.reminderDelay, Self.reminder(for: invoice), for: ReminderConsumer.self, confirm: true)
    }

    /// The reminder delayed for `invoice`.
    public static func reminder(for invoice: InvoiceCreated) -> PaymentReminder {
        PaymentReminder(invoiceID: invoice.invoiceID, customer: invoice.customer)
    }
}
