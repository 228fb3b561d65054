# frozen_string_literal: true
require_relative 'test_helper'

# The shop's own tests of its publishing code. With the capture helper on,
# nothing reaches a broker: HutchContract.calls lists what the test published.
class BillingTest < Minitest::Test
  def test_creating_an_invoice_announces_it
    Shop::Billing.create_invoice(
      Shop::Billing::Invoice.new(id: 'inv-1001', customer: 'c-42', amount_cents: 12_990, currency: 'EUR',
                                 lines: [{ sku: 'BOOK-1', quantity: 2, unit_cents: 4_995 }, { sku: 'SHIP', quantity: 1, unit_cents: 3_000 }])
    )
    published = HutchContract.calls.find { |c| c.kind == 'publish' }
    assert_equal 'shop.invoice.created', published.routing_key
    assert_equal 12_990, published.message['amount_cents']
    assert_equal 'EUR', published.message['currency']
    assert_equal({ 'headers' => { 'tenant' => 'eu-1' } }, published.properties)
  end

  def test_creating_an_invoice_schedules_a_reminder
    Shop::Billing.create_invoice(
      Shop::Billing::Invoice.new(id: 'inv-1002', customer: 'Zoë Łukasiewicz', amount_cents: 500, currency: 'JPY', lines: [])
    )
    reminder = HutchContract.calls.find { |c| c.kind == 'enqueue_in' }
    assert_equal 'Shop::ReminderConsumer', reminder.consumer['class_name']
    assert_equal 10, reminder.interval
    assert_equal 10, reminder.delay_level
    assert_equal({ 'invoice_id' => 'inv-1002', 'customer' => 'Zoë Łukasiewicz' }, reminder.message)
  end
end
