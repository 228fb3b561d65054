/// `shop.invoice.created`: the body the shop's Ruby `Billing.create_invoice` publishes
/// (and the Swift billing publishes too).
public struct InvoiceCreated: Codable, Sendable, Equatable {
    /// One invoice line.
    public struct Line: Codable, Sendable, Equatable {
        public var sku: String
        public var quantity: Int
        public var unitCents: Int

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

    public var invoiceID: String
    public var customer: String
    public var amountCents: Int
    public var currency: String
    public var lines: [Line]

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
