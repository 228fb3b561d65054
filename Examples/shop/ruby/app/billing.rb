# frozen_string_literal: true

module Shop
  # The shop's publishing code: creating an invoice announces it on the
  # `shop` exchange and schedules a payment reminder.
  module Billing
    INVOICE_CREATED = 'shop.invoice.created'
    REMINDER_DELAY_SECONDS = 10

    Invoice = Struct.new(:id, :customer, :amount_cents, :currency, :lines, keyword_init: true)

    module_function

    def create_invoice(invoice)
      Hutch.publish(INVOICE_CREATED, invoice_body(invoice), { headers: { 'tenant' => 'eu-1' } })
      ReminderConsumer.enqueue_in(REMINDER_DELAY_SECONDS, { invoice_id: invoice.id, customer: invoice.customer })
      invoice
    end

    def invoice_body(invoice)
      {
        invoice_id: invoice.id,
        customer: invoice.customer,
        amount_cents: invoice.amount_cents,
        currency: invoice.currency,
        lines: invoice.lines.map { |l| { sku: l[:sku], quantity: l[:quantity], unit_cents: l[:unit_cents] } }
      }
    end
  end
end
