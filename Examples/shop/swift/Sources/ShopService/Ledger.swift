/// Where the Swift service books invoices and remembers reminders sent (in memory: the
/// example's stand-in for a database).
public actor Ledger {
    /// The invoices booked, in order.
    public private(set) var booked: [InvoiceCreated] = []
    /// The reminders sent, in order.
    public private(set) var reminded: [PaymentReminder] = []

    /// An empty ledger.
    public init() {}

    func book(_ invoice: InvoiceCreated) { booked.append(invoice) }
    func remind(_ reminder: PaymentReminder) { reminded.append(reminder) }
}
