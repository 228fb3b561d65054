# frozen_string_literal: true

module Shop
  # The shop's books (in memory here): refuses an entry without an integer
  # amount in cents, as the real ledger would.
  module Ledger
    @entries = []

    class << self
      attr_reader :entries

      def book(invoice_id:, amount_cents:, currency:)
        raise ArgumentError, "invoice #{invoice_id.inspect}: amount_cents must be an Integer, got #{amount_cents.inspect}" unless amount_cents.is_a?(Integer)
        @entries << { invoice_id: invoice_id, amount_cents: amount_cents, currency: currency }
      end
    end
  end
end
