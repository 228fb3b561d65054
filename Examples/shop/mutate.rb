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
require_relative 'tools/mutations'

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
