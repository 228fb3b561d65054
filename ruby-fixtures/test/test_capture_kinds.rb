# frozen_string_literal: true
require_relative 'test_helper'
require 'open3'
require 'rbconfig'
require_relative 'test_shop_contract'

# The capture helper with the real gems on a small app (fixtures/capture_app.rb)
# that makes every kind of call: enqueue_at under a frozen clock, enqueue, an
# identity-serialized publish, global properties from a proc, a namespace, a
# lazy queue with arguments. Needs hutch and hutch-schedule on the load path,
# no broker; else SKIPPED with the reason.
class CaptureKindsTest < Minitest::Test
  include TestPaths

  def capture
    problem = ShopContractTest.gem_problem
    skip problem if problem
    Dir.mktmpdir do |out|
      env = { 'RUBYLIB' => $LOAD_PATH.join(File::PATH_SEPARATOR), 'HUTCH_CONTRACT_OUT' => out }
      log, status = Open3.capture2e(env, RbConfig.ruby, File.join(__dir__, 'fixtures', 'capture_app.rb'))
      assert status.success?, log
      return [HutchRecorder::Cases.load(out).to_h { |c| [c.id, c.input] }, log]
    end
  end

  def test_every_kind_becomes_a_case_input
    cases, log = capture
    assert_equal %w[consume/fixture-app-test-every-kind-1-orders-paid-consumer
                    consume/fixture-app-test-every-kind-2-orders-paid-consumer
                    consume/fixture-app-test-every-kind-4-orders-paid-consumer
                    enqueue/fixture-app-test-every-kind-2 enqueue_at/fixture-app-test-every-kind-1
                    publish/fixture-app-test-every-kind-3 publish/fixture-app-test-every-kind-4
                    queue_name/consumers topology/orders-paid-consumer topology/raw-consumer], cases.keys
    config = { 'mq_exchange' => 'fixture', 'namespace' => 'ns', 'channel_prefetch' => 20 }
    at = cases['enqueue_at/fixture-app-test-every-kind-1']
    assert_equal [config, 1_900_000_007.0, 1_900_000_000.0, { 'headers' => { 'trace' => 't' } }],
                 [at['config'], at['at'], at['now'], at['properties']]
    paid = at['consumer']
    assert_equal({ 'class_name' => 'Orders::PaidConsumer', 'routing_keys' => ['orders.paid', 'orders.*.refunded'],
                   'queue_name' => 'orders_paid', 'arguments' => { 'x-max-length' => 100 }, 'lazy_queue' => true,
                   'classic_queue' => false, 'quorum_queue' => nil, 'without_namespace' => false, 'serializer' => 'json',
                   'includes_enqueue' => true, 'attempts' => 2 }, paid)
    raw = cases['publish/fixture-app-test-every-kind-3']
    assert_equal ['not json', { 'serializer' => 'identity' }, { 'app_id' => 'fixture-app' }, true],
                 [raw['message'], raw['options'], raw['global_properties'], raw['global_properties_proc']]
    json = cases['publish/fixture-app-test-every-kind-4']
    # a Time reaches the case as the serializer wrote it: a string
    assert_equal [3, 1.5, 2**70], json['message'].values_at('id', 'amount', 'big')
    assert_match(/\A1970-01-01 00:00:00/, json['message']['at'])
    # enqueue publishes to the consumer's last routing key, global properties included
    via = cases['consume/fixture-app-test-every-kind-2-orders-paid-consumer']['publish']
    assert_equal({ 'routing_key' => 'orders.*.refunded', 'message' => { 'id' => 2 }, 'properties' => { 'app_id' => 'fixture-app' } }, via)
    delayed = cases['consume/fixture-app-test-every-kind-1-orders-paid-consumer']
    assert_equal ['enqueue_in', 7.0], [delayed['delivered_via'], delayed['enqueue_in']['interval']]
    assert_equal 'identity', cases['topology/raw-consumer']['consumers'][0]['serializer']
    assert_match(%r{no case consume/fixture-app-test-every-kind-3-raw-consumer: published with the identity serializer}, log)
  end
end
