# frozen_string_literal: true

module Shop
  # Outgoing mail (in memory here).
  module Mailer
    @sent = []

    class << self
      attr_reader :sent

      def payment_reminder(invoice_id:, customer:)
        raise ArgumentError, 'a reminder needs an invoice_id' if invoice_id.nil?
        @sent << { template: 'payment_reminder', invoice_id: invoice_id, customer: customer }
      end
    end
  end
end
