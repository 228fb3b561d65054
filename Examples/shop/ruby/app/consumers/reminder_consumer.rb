# frozen_string_literal: true

module Shop
  # Sends a payment reminder some time after an invoice was created; the
  # delay comes from hutch-schedule's `enqueue_in`, failures retry 3 times.
  class ReminderConsumer
    include Hutch::Consumer
    include Hutch::Enqueue

    consume 'shop.invoice.remind'
    attempts 3

    def process(message)
      Mailer.payment_reminder(invoice_id: message.body[:invoice_id], customer: message.body[:customer])
    end
  end
end
