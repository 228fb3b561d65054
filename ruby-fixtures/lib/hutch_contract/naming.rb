# frozen_string_literal: true

module HutchContract
  # Stable case names from test and class names. No gem needed.
  module Naming
    module_function

    # "BillingTest#test_create_invoice" => "billing-test-create-invoice";
    # "Shop::InvoiceConsumer" => "shop-invoice-consumer".
    def slug(text)
      s = text.to_s.gsub(/([a-z\d])([A-Z])/, '\1-\2').gsub(/([A-Z]+)([A-Z][a-z])/, '\1-\2')
      s = s.sub(/#test_/, '-')
      s = s.downcase.gsub(/[^a-z0-9]+/, '-').gsub(/\A-+|-+\z/, '')
      s.empty? ? 'unnamed' : s
    end
  end
end
