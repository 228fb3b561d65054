# frozen_string_literal: true
require_relative 'test_helper'
require 'base64'
require 'hutch_contract/call'
require 'hutch_contract/json_values'
require 'hutch_contract/naming'
require 'hutch_contract/topic'
require 'hutch_contract/consumer_spec'
require 'hutch_contract/config_snapshot'
require 'hutch_contract/case_builder'
require 'hutch_contract/writer'

# The capture helper's writer side: names, routing, JSON values, consumer
# specs, config, the cases built from captured calls, the files. No gem.
class ContractCaptureTest < Minitest::Test
  HC = HutchContract

  # A consumer class as the Hutch::Consumer DSL leaves it (the readers the
  # capture uses), without the gem.
  FakeConsumer = Struct.new(:name, :routing_keys, :queue_mode, :queue_type, :initial_group_size, :arguments,
                            :explicit_queue_name, :serializer, :max_attempts, :enqueue, keyword_init: true) do
    def get_arguments
      all = arguments || {}
      all['x-queue-mode'] = queue_mode if queue_mode
      all['x-queue-type'] = queue_type if queue_type
      all
    end

    def get_serializer = serializer
    def ancestors = enqueue ? [:enqueue] : []
    def instance_variable_get(name) = name == :@queue_name ? explicit_queue_name : nil
  end

  def consumer(**kw)
    FakeConsumer.new(routing_keys: ['a.b'], arguments: nil, enqueue: true, max_attempts: 0, **kw)
  end

  def spec(name, keys, attempts: 0, enqueue: true)
    HC::ConsumerSpec.of(consumer(name: name, routing_keys: keys, max_attempts: attempts, enqueue: enqueue), enqueue_module: :enqueue)
  end

  def call(kind, test, index, routing_key, message, **kw)
    HC::Call.new(kind: kind, test: test, index: index, config: { 'mq_exchange' => 'shop' }, hutch_schedule_loaded: true,
                 routing_key: routing_key, message: message, properties: {}, serializer: 'json',
                 global_properties: {}, global_properties_proc: false,
                 body_base64: Base64.strict_encode64(JSON.generate(message)), **kw)
  end

  def builder(calls, consumers, max_retry: true, **kw)
    HC::CaseBuilder.new(calls: calls, consumers: consumers, config: { 'mq_exchange' => 'shop' }, schedule_loaded: true,
                        max_retry: max_retry, **kw)
  end

  def test_slugs_are_stable_file_names
    assert_equal 'billing-test-creating-an-invoice', HC::Naming.slug('BillingTest#test_creating_an_invoice')
    assert_equal 'shop-invoice-consumer', HC::Naming.slug('Shop::InvoiceConsumer')
    assert_equal 'shop-billing-announces-a-created-invoice', HC::Naming.slug('Shop::Billing announces a created invoice')
    assert_equal 'http-client-test-x', HC::Naming.slug('HTTPClientTest#test_x')
    assert_equal 'unnamed', HC::Naming.slug('—')
  end

  def test_topic_matching
    assert HC::Topic.match?('shop.invoice.created', 'shop.invoice.created')
    refute HC::Topic.match?('shop.invoice.created', 'shop.invoices.created')
    assert HC::Topic.match?('shop.*.created', 'shop.invoice.created')
    refute HC::Topic.match?('shop.*', 'shop.invoice.created')
    assert HC::Topic.match?('shop.#', 'shop.invoice.created')
    assert HC::Topic.match?('shop.#', 'shop')
    assert HC::Topic.match?('#.created', 'a.b.created')
    refute HC::Topic.match?('#.created', 'a.b.paid')
  end

  def test_messages_become_what_json_parse_returns_and_must_survive
    encode = ->(v) { JSON.generate(v) }
    assert_equal({ 'a' => 1, 'b' => 1.0 }, HC::JsonValues.message('{"a":1,"b":1.0}', binary: false, encode: encode, where: 'w'))
    assert_equal 123_456_789_012_345_678_901, HC::JsonValues.message('123456789012345678901', binary: false, encode: encode, where: 'w')
    err = assert_raises(HC::CaptureError) { HC::JsonValues.message('{"a":1.50}', binary: false, encode: encode, where: 'T#t, call 1') }
    assert_match(/T#t, call 1: the message does not survive JSON/, err.message)
    assert_equal 'raw ✓', HC::JsonValues.message('raw ✓'.b, binary: true, encode: encode, where: 'w')
    assert_raises(HC::CaptureError) { HC::JsonValues.message("\xFF".b, binary: true, encode: encode, where: 'w') }
  end

  def test_properties_keys_become_strings_and_non_json_values_are_refused
    got = HC::JsonValues.properties({ headers: { tenant: :eu, 'n' => [1, 2.5, nil, true] }, priority: 3 }, where: 'p')
    assert_equal({ 'headers' => { 'tenant' => 'eu', 'n' => [1, 2.5, nil, true] }, 'priority' => 3 }, got)
    assert_equal %w[headers priority], got.keys
    err = assert_raises(HC::CaptureError) { HC::JsonValues.properties({ headers: { at: Time.at(0) } }, where: 'p') }
    assert_match(/p\.headers\.at: .* is a Time/, err.message)
    assert_raises(HC::CaptureError) { HC::JsonValues.properties({ x: Float::NAN }, where: 'p') }
  end

  def test_seconds
    assert_equal 10, HC::JsonValues.seconds(10, where: 'w')
    assert_equal 0.5, HC::JsonValues.seconds(0.5, where: 'w')
    assert_raises(HC::CaptureError) { HC::JsonValues.seconds('10', where: 'w') }
    assert_raises(HC::CaptureError) { HC::JsonValues.seconds(Float::INFINITY, where: 'w') }
  end

  def test_consumer_spec_reads_the_dsl
    plain = HC::ConsumerSpec.of(consumer(name: 'Shop::A', routing_keys: ['x.y', 'x.z']), enqueue_module: nil)
    assert_equal({ 'class_name' => 'Shop::A', 'routing_keys' => ['x.y', 'x.z'], 'queue_name' => nil, 'arguments' => {},
                   'lazy_queue' => false, 'classic_queue' => false, 'quorum_queue' => nil, 'without_namespace' => false,
                   'serializer' => 'json', 'includes_enqueue' => false }, plain)
    lazy = consumer(name: 'B', queue_mode: 'lazy', arguments: { 'x-max-length' => 5, ttl: 1 }, explicit_queue_name: 'bq', max_attempts: 3)
    lazy.get_arguments # Hutch adds the mode key into the consumer's own hash; the spec must not repeat it
    s = HC::ConsumerSpec.of(lazy, enqueue_module: :enqueue)
    assert_equal({ 'x-max-length' => 5, 'ttl' => 1 }, s['arguments'])
    assert_equal ['ttl'], s['argument_symbol_keys']
    assert_equal [true, 'bq', true, 3], [s['lazy_queue'], s['queue_name'], s['includes_enqueue'], s['attempts']]
    quorum = HC::ConsumerSpec.of(consumer(name: 'C', queue_type: 'quorum', initial_group_size: 3), enqueue_module: nil)
    assert_equal({ 'initial_group_size' => 3 }, quorum['quorum_queue'])
    assert_equal({}, quorum['arguments'])
  end

  def test_config_snapshot_keeps_changed_wire_settings
    serializer = Struct.new(:name).new('Hutch::Serializers::Identity')
    config = Struct.new(:default_config, :to_hash).new(
      { mq_exchange: 'hutch', channel_prefetch: 0, namespace: nil, mq_host: '127.0.0.1', serializer: :json },
      { mq_exchange: 'shop', channel_prefetch: 20, namespace: nil, mq_host: 'rabbit', serializer: serializer }
    )
    assert_equal({ 'mq_exchange' => 'shop', 'channel_prefetch' => 20, 'serializer' => 'identity' }, HC::ConfigSnapshot.take(config))
  end

  def test_cases_from_calls
    invoice = spec('Shop::InvoiceConsumer', ['shop.invoice.*'])
    reminder = spec('Shop::ReminderConsumer', ['shop.invoice.remind'], attempts: 3)
    audit = spec('AuditConsumer', ['#'], enqueue: false)
    calls = [
      call('publish', 'BillingTest#test_b', 1, 'shop.invoice.created', { 'amount_cents' => 1 }),
      call('enqueue_in', 'BillingTest#test_b', 2, 'shop.invoice.remind', { 'id' => 2 }, consumer: reminder, interval: 10, delay_level: 10),
      call('enqueue_in', 'BillingTest#test_a', 1, 'shop.invoice.remind', { 'id' => 3 }, consumer: reminder, interval: 3600, delay_level: 3600),
      call('publish', 'BillingTest#test_a', 2, 'other.key', 'raw', serializer: 'identity')
    ]
    policies = [{ 'name' => 'dlx', 'pattern' => '^shop_delay_queue_', 'definition' => { 'dead-letter-exchange' => 'shop' } }]
    b = builder(calls, [reminder, invoice, audit], broker_policies: policies)
    cases = b.cases
    assert_equal cases.map(&:id).sort, cases.map(&:id)
    assert_equal cases.map(&:to_h), builder(calls.reverse, [audit, invoice, reminder], broker_policies: policies).cases.map(&:to_h)
    ids = cases.map(&:id)
    assert_includes ids, 'publish/billing-test-b-1'
    assert_includes ids, 'enqueue_in/billing-test-a-1'
    # a publish reaches every consumer whose binding matches
    assert_includes ids, 'consume/billing-test-b-1-shop-invoice-consumer'
    assert_includes ids, 'consume/billing-test-b-1-audit-consumer'
    refute_includes ids, 'consume/billing-test-b-1-shop-reminder-consumer'
    # the reminder reaches its consumer through the delay queues, with the policies
    delayed = cases.find { |c| c.id == 'consume/billing-test-b-2-shop-reminder-consumer' }
    assert_equal 'enqueue_in', delayed.input['delivered_via']
    assert_equal true, delayed.input['schedule']
    assert_equal policies, delayed.input['broker_policies']
    assert_equal({ 'interval' => 10, 'message' => { 'id' => 2 }, 'properties' => {} }, delayed.input['enqueue_in'])
    # what a consume case cannot express is listed, not written
    refute_includes ids, 'consume/billing-test-a-1-shop-reminder-consumer'
    assert_match(/delay level 3600 s/, b.skipped['consume/billing-test-a-1-shop-reminder-consumer'])
    assert_match(/identity serializer/, b.skipped['consume/billing-test-a-2-audit-consumer'])
    assert_equal %w[topology/audit-consumer topology/shop-invoice-consumer topology/shop-reminder-consumer],
                 ids.grep(/\Atopology/)
    # MaxRetry: one case per consumer with Hutch::Enqueue, first body that reaches it
    assert_equal %w[retry/shop-invoice-consumer-first-failure retry/shop-reminder-consumer-first-failure], ids.grep(/\Aretry/)
    retry_reminder = cases.find { |c| c.id == 'retry/shop-reminder-consumer-first-failure' }
    assert_equal({ 'id' => 3 }, JSON.parse(Base64.strict_decode64(retry_reminder.input['body_base64'])))
    assert_equal %w[AuditConsumer Shop::InvoiceConsumer Shop::ReminderConsumer],
                 cases.find { |c| c.id == 'queue_name/consumers' }.input['samples'].map { |s| s['class_name'] }
    assert_empty builder(calls, [invoice], max_retry: false).cases.map(&:id).grep(/\Aretry/)
  end

  def test_global_properties_are_merged_into_consume_publishes_as_hutch_does
    c = call('publish', 'T#test_x', 1, 'a.b', { 'x' => 1 }, properties: { 'app_id' => 'mine', 'priority' => 1 },
                                                         global_properties: { 'app_id' => 'shop' })
    consume = builder([c], [spec('A', ['a.b'])]).cases.find { |k| k.kind == 'consume' }
    assert_equal({ 'app_id' => 'shop', 'priority' => 1 }, consume.input['publish']['properties'])
  end

  def test_two_tests_with_one_name_are_an_error
    calls = [call('publish', 'T#test_x', 1, 'a', 1), call('publish', 'T#test_x', 1, 'a', 2)]
    err = assert_raises(HC::CaptureError) { builder(calls, []).cases }
    assert_match(%r{publish/t-x-1}, err.message)
  end

  def test_writer_replaces_earlier_case_inputs_only
    Dir.mktmpdir do |dir|
      cases = builder([call('publish', 'T#test_x', 1, 'a.b', { 'x' => 1 })], [spec('A', ['a.b'])]).cases
      File.write(File.join(dir, 'enqueue_at.json'), JSON.generate('format' => HutchRecorder::CASES_FORMAT, 'kind' => 'enqueue_at', 'cases' => []))
      File.write(File.join(dir, 'notes.json'), '{"mine": true}')
      HC::Writer.write(cases, dir)
      assert_equal %w[consume.json notes.json publish.json queue_name.json retry.json topology.json], Dir.children(dir).sort
      first = Dir[File.join(dir, '*.json')].sort.to_h { |f| [f, File.binread(f)] }
      HC::Writer.write(cases, dir)
      assert_equal first, Dir[File.join(dir, '*.json')].sort.to_h { |f| [f, File.binread(f)] }
      File.delete(File.join(dir, 'notes.json'))
      assert_equal cases.map(&:to_h), HutchRecorder::Cases.load(dir).map(&:to_h)
    end
  end
end
