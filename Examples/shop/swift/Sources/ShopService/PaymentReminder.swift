/// What `ReminderConsumer.enqueue_in` delays: the invoice to remind the customer of.
public struct PaymentReminder: Codable, Sendable, Equatable {
    /// `invoice_id`.
    public var invoiceID: String
    /// `customer`.
    public var customer: String

    /// Creates a reminder.
    public init(invoiceID: String, customer: String) {
        self.invoiceID = invoiceID
        self.customer = customer
    }

    enum CodingKeys: String, CodingKey {
        case invoiceID = "invoice_id"
        case customer
    }
}
