/// `shop.invoice.created`: the body the shop's Ruby `Billing.create_invoice` publishes
/// (and the Swift billing publishes too).
public struct InvoiceCreated: Codable, Sendable, Equatable {
    /// One invoice line.
    public struct Line: Codable, Sendable, Equatable {
        /// `sku`.
        public var sku: String
        /// `quantity`.
        public var quantity: Int
        /// `unit_cents`: the unit price in cents, an Integer.
        public var unitCents: Int

        /// Creates a line.
        public init(sku: String, quantity: Int, unitCents: Int) {
            self.sku = sku
            self.quantity = quantity
            self.unitCents = unitCents
        }

        enum CodingKeys: String, CodingKey {
            case sku, quantity
            case unitCents = "unit_cents"
        }
    }

    /// `invoice_id`.
    public var invoiceID: String
    /// `customer`.
    public var customer: String
    /// `amount_cents`: the total in cents, an Integer (Ruby's `Ledger.book` takes it as is).
    public var amountCents: Int
    /// `currency`, ISO 4217.
    public var currency: String
    /// `lines`.
    public var lines: [Line]

    /// Creates an invoice.
    public init(invoiceID: String, customer: String, amountCents: Int, currency: String, lines: [Line]) {
        self.invoiceID = invoiceID
        self.customer = customer
        self.amountCents = amountCents
        self.currency = currency
        self.lines = lines
    }

    enum CodingKeys: String, CodingKey {
        case invoiceID = "invoice_id"
        case customer
        case amountCents = "amount_cents"
        case currency, lines
    }
}
