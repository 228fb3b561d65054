import Hutch

/// Sends the payment reminder the billing code delays with `enqueue_in` — the Swift twin
/// of `Shop::ReminderConsumer` (same queue, `attempts 3`).
public struct ReminderConsumer: HutchConsumer {
    public static let className = "Shop::ReminderConsumer"
    public static let routingKeys = ["shop.invoice.remind"]
    public static let attempts = 3
    let ledger: Ledger

    /// A consumer writing to `ledger`.
    public init(ledger: Ledger) { self.ledger = ledger }

    /// Sends the reminder.
    public func process(_ message: ReceivedMessage<PaymentReminder>) async throws {
        await ledger.remind(message.body)
    }
}
