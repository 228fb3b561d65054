#!/usr/bin/env ruby
# frozen_string_literal: true
#
# The example shop's contract, from its own Ruby tests:
#
#   ruby -I <hutch>/lib -I <hutch-schedule>/lib Examples/shop/contract.rb capture
#       runs ruby/test with the capture helper: case inputs to contract/cases
#   ruby -I ... Examples/shop/contract.rb record --url amqp://guest:guest@127.0.0.1:5682/ [--ctl "scripts/broker.sh ctl"]
#       record.rb --deterministic: contract/cases -> contract/recorded/hutch-<version>
#
# Both need the gems (hutch 1.3.1, hutch-schedule 0.7.3 as in ruby/Gemfile.lock);
# record needs a RabbitMQ. See README.md.
require 'optparse'
require_relative 'tools/shop_contract'

opts = { hutch: '1.3.1' }
command = ARGV.shift
OptionParser.new do |o|
  o.banner = 'usage: ruby contract.rb capture | record --url URL [--ctl CMD] [--hutch-version V]'
  o.on('--url URL') { |v| opts[:url] = v }
  o.on('--ctl CMD') { |v| opts[:ctl] = v }
  o.on('--hutch-version V', 'names the corpus folder (default 1.3.1)') { |v| opts[:hutch] = v }
end.parse!(ARGV)

cases = File.join(ShopContract::SHOP, 'contract', 'cases')
case command
when 'capture'
  log, status = ShopContract::Tools.capture(File.join(ShopContract::SHOP, 'ruby'), cases)
when 'record'
  abort 'record needs --url' unless opts[:url]
  out = File.join(ShopContract::SHOP, 'contract', 'recorded', "hutch-#{opts[:hutch]}")
  log, status = ShopContract::Tools.record(cases, out, url: opts[:url], ctl: opts[:ctl])
else
  abort 'usage: ruby contract.rb capture | record --url URL [--ctl CMD]'
end
puts log
exit(status.success? ? 0 : 1)
