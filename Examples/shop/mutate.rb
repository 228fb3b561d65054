#!/usr/bin/env ruby
# frozen_string_literal: true
#
# The example shop's mutations: each one is applied to a copy of ruby/ (the
# app and, where the app's own test asserts the changed value, that test, as
# a developer making the change would), the copy's tests run with the
# capture helper, and record.rb --deterministic records the result:
#
#   contract-mutations/NAME/app.diff                 what was changed
#   contract-mutations/NAME/cases/                   the captured case inputs
#   contract-mutations/NAME/recorded/hutch-1.3.1/    the recorded corpus
#
#   ruby -I <hutch>/lib -I <hutch-schedule>/lib Examples/shop/mutate.rb \
#     --url amqp://guest:guest@127.0.0.1:5682/ [--ctl "scripts/broker.sh ctl"] [--only NAME] [--capture-only]
require 'optparse'
require 'tmpdir'
require_relative 'tools/shop_contract'

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

opts = { only: nil, hutch: '1.3.1' }
OptionParser.new do |o|
  o.banner = 'usage: ruby mutate.rb --url URL [--ctl CMD] [--only NAME] [--capture-only]'
  o.on('--url URL') { |v| opts[:url] = v }
  o.on('--ctl CMD') { |v| opts[:ctl] = v }
  o.on('--only NAME') { |v| opts[:only] = v }
  o.on('--capture-only', 'write app.diff and cases, do not record') { opts[:capture_only] = true }
end.parse!(ARGV)
abort 'give --url (or --capture-only)' unless opts[:url] || opts[:capture_only]

app = File.join(ShopContract::SHOP, 'ruby')
failed = false
ShopContract::MUTATIONS.each do |name, edits|
  next if opts[:only] && opts[:only] != name
  dir = File.join(ShopContract::SHOP, 'contract-mutations', name)
  Dir.mktmpdir('shop-mutant') do |tmp|
    copy = File.join(tmp, 'ruby')
    FileUtils.cp_r(app, copy)
    ShopContract::Mutate.apply(copy, edits)
    FileUtils.mkdir_p(dir)
    File.write(File.join(dir, 'app.diff'), ShopContract::Mutate.diff(app, copy, edits))
    log, status = ShopContract::Tools.capture(copy, File.join(dir, 'cases'))
    puts "#{name}: capture #{status.success? ? 'ok' : 'FAILED'}"
    puts log unless status.success?
    failed ||= !status.success?
  end
  next if opts[:capture_only] || failed
  log, status = ShopContract::Tools.record(File.join(dir, 'cases'), File.join(dir, 'recorded', "hutch-#{opts[:hutch]}"),
                                           url: opts[:url], ctl: opts[:ctl])
  puts "#{name}: #{log.lines.last}"
  puts log unless status.success?
  failed ||= !status.success?
end
exit(failed ? 1 : 0)
