# frozen_string_literal: true
require_relative 'spec_helper'

# The RSpec variant of test/billing_test.rb: the same calls, so the same
# case inputs apart from their names.
RSpec.describe Shop::Billing do
  it 'announces a created invoice' do
    described_class.create_invoice(
      Shop::Billing::Invoice.new(id: 'inv-1001', customer: 'c-42', amount_cents: 12_990, currency: 'EUR',
                                 lines: [{ sku: 'BOOK-1', quantity: 2, unit_cents: 4_995 }, { sku: 'SHIP', quantity: 1, unit_cents: 3_000 }])
    )
    published = HutchContract.calls.find { |c| c.kind == 'publish' }
    expect(published.routing_key).to eq('shop.invoice.created')
    expect(published.message).to include('amount_cents' => 12_990, 'currency' => 'EUR')
    expect(published.properties).to eq('headers' => { 'tenant' => 'eu-1' })
  end

  it 'schedules a payment reminder' do
    described_class.create_invoice(
      Shop::Billing::Invoice.new(id: 'inv-1002', customer: 'Zoë Łukasiewicz', amount_cents: 500, currency: 'JPY', lines: [])
    )
    reminder = HutchContract.calls.find { |c| c.kind == 'enqueue_in' }
    expect(reminder.consumer['class_name']).to eq('Shop::ReminderConsumer')
    expect([reminder.interval, reminder.delay_level]).to eq([10, 10])
    expect(reminder.message).to eq('invoice_id' => 'inv-1002', 'customer' => 'Zoë Łukasiewicz')
  end
end
