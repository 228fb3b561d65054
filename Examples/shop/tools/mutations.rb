# frozen_string_literal: true
#
# The example shop's mutations (mutate.rb records them; the Ruby tests check
# that capturing them reproduces the committed case inputs).
require 'open3'

module ShopContract
  # name => [[file, from, to], ...]: each `from` must occur exactly once.
  MUTATIONS = {
    'renamed-field' => [
      ['app/billing.rb', 'amount_cents: invoice.amount_cents,', 'amount: invoice.amount_cents,'],
      ['test/billing_test.rb', "published.message['amount_cents']", "published.message['amount']"]
    ],
    'changed-routing-key' => [
      ['app/billing.rb', "INVOICE_CREATED = 'shop.invoice.created'", "INVOICE_CREATED = 'shop.invoices.created'"],
      ['test/billing_test.rb', "assert_equal 'shop.invoice.created', published.routing_key",
       "assert_equal 'shop.invoices.created', published.routing_key"]
    ],
    'added-attempts' => [
      ['app/consumers/invoice_consumer.rb', "    consume 'shop.invoice.created'\n",
       "    consume 'shop.invoice.created'\n    attempts 5\n"]
    ]
  }.freeze

  module Mutate
    module_function

    def apply(app_copy, edits)
      edits.each do |file, from, to|
        path = File.join(app_copy, file)
        text = File.read(path)
        count = text.scan(from).size
        raise "#{file}: expected #{from.inspect} once, found it #{count} times" unless count == 1
        File.write(path, text.sub(from, to))
      end
    end

    # A unified diff of the edits, paths relative to Examples/shop/ruby.
    def diff(original, mutated, edits)
      edits.map(&:first).uniq.map do |file|
        out, = Open3.capture2('diff', '-u', '--label', "a/#{file}", '--label', "b/#{file}",
                              File.join(original, file), File.join(mutated, file))
        out
      end.join
    end
  end
end
