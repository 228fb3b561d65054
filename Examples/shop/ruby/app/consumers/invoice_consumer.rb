# frozen_string_literal: true

module Shop
  # Books every created invoice. Under hutch-schedule's worker every consumer
  # needs Hutch::Enqueue (its rate-limit methods come with it); no `attempts`,
  # so a failure is not retried.
  class InvoiceConsumer
    include Hutch::Consumer
    include Hutch::Enqueue

    consume 'shop.invoice.created'

    def process(message)
      Ledger.book(invoice_id: message.body[:invoice_id], amount_cents: message.body[:amount_cents],
                  currency: message.body[:currency])
    end
  end
end
