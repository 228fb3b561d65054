# frozen_string_literal: true
require_relative 'test_helper'
require_relative 'test_integration'
require 'open3'
require 'rbconfig'
require 'timeout'
require 'shellwords'

# peer.rb --app: the example shop's own consumer classes run under the real
# Hutch worker; a message without `amount_cents` makes Shop::InvoiceConsumer
# raise, and the peer reports the error and the nack. Needs the gems and a
# broker (HUTCH_TEST_BROKER_URL; with HUTCH_RECORDER_CTL the test uses and then
# deletes a vhost of its own), else SKIPPED with the reason.
class PeerAppTest < Minitest::Test
  include TestPaths
  SHOP_APP = File.join(ROOT, 'Examples', 'shop', 'ruby', 'lib', 'shop.rb')
  VHOST = 'hutch-peer-app-test'

  def setup
    problem = IntegrationTest.gem_problem
    skip problem if problem
    @url = ENV['HUTCH_TEST_BROKER_URL']
    skip 'HUTCH_TEST_BROKER_URL not set (e.g. amqp://guest:guest@127.0.0.1:5682/)' if @url.to_s.empty?
    u = HutchRecorder::BrokerProbe.parse_url(@url)
    skip "no broker at #{u.host}:#{u.port}" unless HutchRecorder::BrokerProbe.rabbitmq_version(u.host, u.port)
    @ctl = ENV['HUTCH_RECORDER_CTL'].to_s
    @vhost = @ctl.empty? ? (u.vhost || '/') : VHOST
    return if @ctl.empty?
    ctl('delete_vhost', VHOST)
    assert ctl('add_vhost', VHOST)
    assert ctl('set_permissions', '-p', VHOST, u.username, '.*', '.*', '.*')
  end

  def teardown
    ctl('delete_vhost', VHOST) if @ctl && !@ctl.empty?
  end

  def ctl(*args)
    _out, status = Open3.capture2e(*Shellwords.split(@ctl), *args)
    status.success?
  end

  def invoice(id, amount_key)
    { 'invoice_id' => id, 'customer' => 'c-1', amount_key => 990, 'currency' => 'EUR', 'lines' => [] }
  end

  def test_peer_runs_the_apps_own_consumers_and_reports_their_errors
    events = []
    env = { 'RUBYLIB' => $LOAD_PATH.join(File::PATH_SEPARATOR) }
    cmd = [RbConfig.ruby, File.join(FIXTURES, 'peer.rb'), '--url', @url, '--vhost', @vhost, '--app', SHOP_APP, '--timeout', '60']
    Open3.popen3(env, *cmd) do |stdin, stdout, stderr, wait|
      err = Thread.new { stderr.read }
      read = ->(&until_) { events << JSON.parse(stdout.gets || raise("peer ended: #{err.value}")) until until_.call }
      Timeout.timeout(60) do
        read.call { events.last && %w[ready skipped].include?(events.last['event']) }
        flunk "peer skipped: #{events.last['reason']}" if events.last['event'] == 'skipped'
        [['good', 'amount_cents'], ['renamed', 'amount']].each do |id, key|
          stdin.puts(JSON.generate('command' => 'publish', 'id' => id, 'routing_key' => 'shop.invoice.created', 'message' => invoice(id, key)))
          stdin.flush
          read.call { events.count { |e| e['event'] == 'outcome' } == (id == 'good' ? 1 : 2) }
        end
        stdin.puts(JSON.generate('command' => 'stop'))
        stdin.close
        read.call { events.last['event'] == 'stopped' }
      end
      wait.join
    end
    ready = events.find { |e| e['event'] == 'ready' }
    assert_equal 'shop', ready['exchange']
    assert_includes ready['queues'], 'shop:invoice_consumer'
    assert_includes ready['queues'], 'shop:reminder_consumer'
    assert_equal [['Shop::InvoiceConsumer', ['shop.invoice.created'], 'shop:invoice_consumer', 0],
                  ['Shop::ReminderConsumer', ['shop.invoice.remind'], 'shop:reminder_consumer', 3]],
                 ready['consumers'].map { |c| c.values_at('class_name', 'routing_keys', 'queue', 'attempts') }
    consumed = events.select { |e| e['event'] == 'consumed' }
    assert_equal [['Shop::InvoiceConsumer', 'good', 'return'], ['Shop::InvoiceConsumer', 'renamed', 'raise ArgumentError']],
                 consumed.map { |e| [e['consumer'], e['message']['body']['invoice_id'], e['action']] }
    errors = events.select { |e| e['event'] == 'consumer_error' }
    assert_equal 1, errors.size
    assert_equal 'ArgumentError', errors[0]['error_class']
    assert_match(/amount_cents must be an Integer, got nil/, errors[0]['error'])
    assert_equal %w[ack nack], events.select { |e| e['event'] == 'outcome' }.map { |e| e['outcome'] }
  end
end
