/// Where the Swift service books invoices and remembers reminders sent (in memory: the
/// example's stand-in for a database).
public actor Ledger {
    public private(set) var booked: [InvoiceCreated] = []
    public private(set) var reminded: [PaymentReminder] = []

    public init() {}

    func book(_ invoice: InvoiceCreated) { booked.append(invoice) }
    func remind(_ reminder: PaymentReminder) { reminded.append(reminder) }
}
