#!/usr/bin/env ruby
# frozen_string_literal: true
#
# generate_extended_cases.rb — writes the case inputs of the extended corpus
# (Conformance/cases-extended/KIND.json) from the dimensions of issue 13:
# pairing (hutch-schedule loaded or not), consumers (serializer x
# Hutch::Enqueue x attempts x handler behaviour x how the message arrived,
# under both workers), bodies (every JSON top-level type, non-JSON, invalid
# UTF-8, empty, multi-frame) for consume and retry, headers that make
# MaxRetry raise, topology arguments the broker accepts and refuses.
#
#   ruby ruby-fixtures/tools/generate_extended_cases.rb [--out Conformance/cases-extended]
#
# Every id is `KIND/x-...`, so that no id collides with a bundled one. The
# output is deterministic: running it twice writes the same bytes. The
# inputs are then recorded with the real gems (record.rb --deterministic);
# nothing here is an expected value.
require 'json'
require 'base64'
require 'fileutils'
require 'optparse'

module ExtendedCases
  FORMAT = 'hutch-conformance-cases/1'
  DELAY_DLX = [{ 'name' => 'recorder-delay-dlx', 'pattern' => '_delay_queue_',
                 'definition' => { 'dead-letter-exchange' => 'hutch' }, 'apply_to' => 'queues' }].freeze
  RETRY_HANDLERS = ['Hutch::ErrorHandlers::Logger', 'Hutch::ErrorHandlers::MaxRetry'].freeze

  # The worker a consume case runs under.
  WORKERS = {
    'plain' => { 'hutch_schedule_loaded' => false, 'schedule' => false },   # Hutch's own worker
    'sl' => { 'hutch_schedule_loaded' => true, 'schedule' => false },       # hutch-schedule's worker, Hutch.connect
    'sc' => { 'hutch_schedule_loaded' => true, 'schedule' => true }         # hutch-schedule's worker, Hutch::Schedule.connect
  }.freeze

  # Handler behaviours: [calls, raises].
  BEHAVIOURS = {
    'returns' => [nil, nil],
    'raises' => [nil, 'RuntimeError'],
    'requeue' => ['requeue!', nil],
    'reject' => ['reject!', nil],
    'requeue-then-raise' => ['requeue!', 'ArgumentError'],
    'reject-then-raise' => ['reject!', 'ArgumentError']
  }.freeze

  # attempts: none (key left out), 0, 1, n
  ATTEMPTS = [:none, 0, 1, 3].freeze

  LARGE_TEXT = ('0123456789abcdef' * 12_500) # 200,000 bytes: more than one 128 KiB frame

  # Raw bodies: [name, bytes, content_type].
  BODIES = [
    ['object', '{"a":1,"b":[true,null]}', 'application/json'],
    ['array', '[1,"two",3.5,null]', 'application/json'],
    ['string', '"just text"', 'application/json'],
    ['integer', '42', 'application/json'],
    ['float', '1.5e3', 'application/json'],
    ['true', 'true', 'application/json'],
    ['false', 'false', 'application/json'],
    ['null', 'null', 'application/json'],
    ['non-json', 'plain words, not json', 'text/plain'],
    ['invalid-utf8', "{\"s\":\"bad \xFF\xFE bytes\"}".b, 'application/json'],
    ['empty', '', 'application/json'],
    ['whitespace', "  \n ", 'application/json'],
    ['large', JSON.generate({ 'blob' => LARGE_TEXT }), 'application/json']
  ].freeze

  # Messages Hutch.publish serializes, one per JSON top-level type.
  JSON_MESSAGES = [
    ['object', { 'k' => 'v', 'n' => 1 }], ['array', [1, 'two', nil]], ['string', 'text'],
    ['integer', 7], ['float', 2.25], ['true', true], ['false', false], ['null', nil]
  ].freeze

  module_function

  def b64(bytes)
    Base64.strict_encode64(bytes.b)
  end

  def kase(kind, name, description, input)
    { 'id' => "#{kind}/x-#{name}", 'kind' => kind, 'description' => description, 'input' => input }
  end

  def consumer(class_name, routing_key, serializer: 'json', behaviour: 'returns', attempts: :none, enqueue: true)
    calls, raises = BEHAVIOURS.fetch(behaviour)
    spec = { 'class_name' => class_name, 'routing_keys' => [routing_key], 'serializer' => serializer,
             'raises' => raises, 'calls' => calls }
    spec['attempts'] = attempts unless attempts == :none
    spec['includes_enqueue'] = false unless enqueue
    spec
  end

  def worker_config(worker, extra = {})
    base = WORKERS.fetch(worker)['hutch_schedule_loaded'] ? { 'channel_prefetch' => 20 } : {}
    base.merge(extra)
  end

  def consume_input(worker, consumer, via, payload, config: {}, policies: nil)
    input = { 'config' => worker_config(worker, config) }.merge(WORKERS.fetch(worker))
    input['consumer'] = consumer
    input['delivered_via'] = via
    input[via] = payload
    input['broker_policies'] = policies if policies
    input
  end

  def raw(body, content_type, headers: nil, routing_key: 'ext.consume')
    props = content_type ? { 'content_type' => content_type } : {}
    props['headers'] = headers if headers
    { 'exchange' => 'hutch', 'routing_key' => routing_key, 'properties' => props, 'body_base64' => b64(body) }
  end

  def attempts_name(a)
    a == :none ? 'attempts-none' : "attempts-#{a}"
  end

  # -------------------------------------------------------------- consume

  def consume_cases
    cases = []
    # consumers: serializer x Hutch::Enqueue x attempts x behaviour, under every worker, via publish
    i = 0
    WORKERS.each_key do |w|
      enqueue_options = WORKERS[w]['hutch_schedule_loaded'] ? [true, false] : [false]
      %w[json identity].each do |ser|
        enqueue_options.each do |enq|
          BEHAVIOURS.each_key do |beh|
            att = enq ? ATTEMPTS[i % ATTEMPTS.size] : :none
            i += 1
            c = consumer('ExtConsumer', 'ext.consume', serializer: ser, behaviour: beh, attempts: att, enqueue: enq)
            name = "#{w}-#{ser}-#{enq ? 'enqueue' : 'no-enqueue'}-#{beh}"
            cases << kase('consume', name, "worker #{w}, #{ser} serializer, #{enq ? 'with' : 'without'} Hutch::Enqueue, " \
                                           "#{attempts_name(att)}, handler #{beh}, via Hutch.publish",
                          consume_input(w, c, 'publish', { 'routing_key' => 'ext.consume', 'message' => { 'n' => i } }))
          end
        end
      end
    end
    # via raw (bunny straight to the broker), every behaviour
    %w[plain sl].each do |w|
      BEHAVIOURS.each_key do |beh|
        c = consumer('ExtRawConsumer', 'ext.consume', behaviour: beh)
        cases << kase('consume', "raw-#{w}-#{beh}", "worker #{w}, handler #{beh}, published by plain bunny",
                      consume_input(w, c, 'raw', raw('{"via":"raw"}', 'application/json')))
      end
    end
    # via enqueue_in (through the delay queue): it needs Hutch::Schedule.connect
    # (without it, enqueue_in raises NoMethodError before publishing)
    %w[sc].each do |w|
      %w[returns raises reject requeue].each_with_index do |beh, k|
        c = consumer('ExtDelayedConsumer', 'ext.delayed', behaviour: beh, attempts: ATTEMPTS[k])
        cases << kase('consume', "enqueue-in-#{w}-#{beh}", "worker #{w}, handler #{beh}, delivered through enqueue_in's delay queue",
                      consume_input(w, c, 'enqueue_in', { 'interval' => 1, 'message' => { 'delayed' => beh } }, policies: DELAY_DLX))
      end
    end
    # attempts x failing behaviour with MaxRetry as an error handler (not
    # requeue! then raise: the requeued redelivery fails and republishes too,
    # concurrently in hutch-schedule's pool, so a recording could not tell
    # which delivery a republish belongs to)
    %w[sl sc].each do |w|
      ATTEMPTS.each do |att|
        %w[raises reject-then-raise].each do |beh|
          %w[json identity].each do |ser|
            c = consumer('ExtRetryConsumer', 'ext.retry', serializer: ser, behaviour: beh, attempts: att)
            cases << kase('consume', "maxretry-#{w}-#{attempts_name(att)}-#{beh}-#{ser}",
                          "worker #{w}, MaxRetry error handler, #{attempts_name(att)}, handler #{beh}, #{ser} serializer",
                          consume_input(w, c, 'publish', { 'routing_key' => 'ext.retry', 'message' => { 'retry' => att.to_s } },
                                        config: { 'error_handlers' => RETRY_HANDLERS }))
          end
        end
      end
    end
    # bodies: every raw body under Hutch's worker (JSON and identity) and hutch-schedule's,
    # and through a failing consumer with MaxRetry (which decodes the body itself)
    BODIES.each do |name, bytes, type|
      [['plain', 'json', 'returns', {}], ['plain', 'identity', 'returns', {}], ['sl', 'json', 'returns', {}],
       ['sc', 'json', 'raises', { 'error_handlers' => RETRY_HANDLERS }]].each do |w, ser, beh, cfg|
        c = consumer('ExtBodyConsumer', 'ext.body', serializer: ser, behaviour: beh, attempts: (cfg.empty? ? :none : 2))
        label = cfg.empty? ? "#{w}-#{ser}" : "#{w}-maxretry"
        cases << kase('consume', "body-#{name}-#{label}", "#{name} body (raw), worker #{w}, #{ser} serializer, handler #{beh}" \
                                                          "#{cfg.empty? ? '' : ', MaxRetry error handler'}",
                      consume_input(w, c, 'raw', raw(bytes, type, routing_key: 'ext.body'), config: cfg))
      end
    end
    # every JSON top-level type as Hutch.publish serializes it
    JSON_MESSAGES.each do |name, message|
      %w[plain sl].each do |w|
        c = consumer('ExtTypeConsumer', 'ext.type')
        cases << kase('consume', "published-#{name}-#{w}", "Hutch.publish of a top-level #{name}, worker #{w}",
                      consume_input(w, c, 'publish', { 'routing_key' => 'ext.type', 'message' => message }))
      end
    end
    # headers that make MaxRetry's failure count raise (or not), on a failing consumer
    maxretry_headers.each do |name, headers|
      c = consumer('ExtHeaderConsumer', 'ext.header', behaviour: 'raises', attempts: 3)
      cases << kase('consume', "headers-#{name}", "x-death #{name.tr('-', ' ')}: what MaxRetry does on a failing consumer",
                    consume_input('sc', c, 'raw', raw('{"h":1}', 'application/json', headers: headers, routing_key: 'ext.header'),
                                  config: { 'error_handlers' => RETRY_HANDLERS }))
    end
    # no properties at all: every nil Ruby can leave (message_id, timestamp, content_type)
    %w[plain sl].each do |w|
      c = consumer('ExtNullConsumer', 'ext.null')
      cases << kase('consume', "no-properties-#{w}", "raw delivery without any property, worker #{w}",
                    consume_input(w, c, 'raw', raw('{"bare":true}', nil, routing_key: 'ext.null')))
    end
    cases
  end

  # x-death headers (as plain JSON, encoded by bunny) for consume cases.
  def maxretry_headers
    death = ->(extra) { { 'reason' => 'expired', 'queue' => 'hutch_delay_queue_5s', 'exchange' => 'hutch.schedule' }.merge(extra) }
    [
      ['string', { 'x-death' => 'not a list' }],
      ['integer', { 'x-death' => 5 }],
      ['list-of-integers', { 'x-death' => [1, 2] }],
      ['list-of-strings', { 'x-death' => %w[a b] }],
      ['routing-keys-string', { 'x-death' => [death.call('count' => 1, 'routing-keys' => 'ext.header')] }],
      ['count-string', { 'x-death' => [death.call('count' => '2', 'routing-keys' => ['ext.header'])] }],
      ['count-missing-in-second', { 'x-death' => [death.call('count' => 1, 'routing-keys' => ['ext.header']),
                                                 death.call('routing-keys' => ['ext.header'])] }],
      ['count-float', { 'x-death' => [death.call('count' => 1.5, 'routing-keys' => ['ext.header'])] }],
      ['other-routing-key', { 'x-death' => [death.call('count' => 9, 'routing-keys' => ['someone.else'])] }],
      ['count-exhausted', { 'x-death' => [death.call('count' => 3, 'routing-keys' => ['ext.header'])] }]
    ]
  end

  # ---------------------------------------------------------------- retry

  def typed(value)
    case value
    when String then { 'type' => 'S', 'value' => value }
    when Integer then { 'type' => 'l', 'value' => value }
    when Float then { 'type' => 'd', 'value' => value }
    when true, false then { 'type' => 't', 'value' => value }
    when nil then { 'type' => 'V', 'value' => nil }
    when Array then { 'type' => 'A', 'value' => value.map { |v| typed(v) } }
    when Hash then { 'type' => 'F', 'value' => value.map { |k, v| [k, typed(v)] } }
    else raise ArgumentError, value.inspect
    end
  end

  def typed_headers(hash)
    hash&.map { |k, v| [k, typed(v)] }
  end

  def retry_input(headers, body, attempts: 3, routing_key: 'ext.retry')
    spec = { 'class_name' => 'ExtRetryConsumer', 'routing_keys' => [routing_key] }
    spec['attempts'] = attempts unless attempts == :none
    { 'config' => {}, 'consumer' => spec, 'headers' => typed_headers(headers), 'body_base64' => b64(body) }
  end

  def retry_cases
    cases = []
    one = { 'x-death' => [{ 'count' => 1, 'reason' => 'expired', 'queue' => 'hutch_delay_queue_5s',
                            'exchange' => 'hutch.schedule', 'routing-keys' => ['hutch.schedule.5s', 'ext.retry'] }] }
    BODIES.each do |name, bytes, _type|
      cases << kase('retry', "body-#{name}", "MaxRetry#handle of a #{name} body, no headers", retry_input(nil, bytes))
      cases << kase('retry', "body-#{name}-count-1", "MaxRetry#handle of a #{name} body after one failure", retry_input(one, bytes))
    end
    ATTEMPTS.each do |att|
      [0, 1, 3].each do |count|
        headers = count.zero? ? nil : { 'x-death' => [one['x-death'].first.merge('count' => count)] }
        cases << kase('retry', "#{attempts_name(att)}-count-#{count}", "#{attempts_name(att)}, #{count} failures so far",
                      retry_input(headers, '{"a":1}', attempts: att))
      end
    end
    maxretry_headers.each do |name, headers|
      adjusted = JSON.parse(JSON.generate(headers).gsub('ext.header', 'ext.retry'))
      cases << kase('retry', "headers-#{name}", "x-death #{name.tr('-', ' ')}", retry_input(adjusted, '{"a":1}'))
    end
    cases << kase('retry', 'headers-empty-table', 'an empty header table', retry_input({}, '{"a":1}'))
    cases << kase('retry', 'headers-x-death-void', 'x-death present and void', retry_input({ 'x-death' => nil }, '{"a":1}'))
    cases
  end

  # ------------------------------------------------------------- topology

  def topo_consumer(class_name, key, arguments: {}, **opts)
    spec = { 'class_name' => class_name, 'routing_keys' => [key], 'queue_name' => opts[:queue_name], 'arguments' => arguments,
             'lazy_queue' => opts.fetch(:lazy, false), 'classic_queue' => opts.fetch(:classic, false),
             'quorum_queue' => opts[:quorum], 'without_namespace' => false }
    spec['queue_options'] = opts[:queue_options] if opts.key?(:queue_options)
    spec['argument_symbol_keys'] = opts[:symbol_keys] if opts[:symbol_keys]
    spec
  end

  def topology_input(loaded, consumers, exchange: 'hutch', prefetch: nil)
    {
      'config' => { 'mq_exchange' => exchange, 'namespace' => nil, 'channel_prefetch' => prefetch || (loaded ? 20 : 0) },
      'schedule' => loaded, 'hutch_schedule_loaded' => loaded, 'consumers' => consumers
    }
  end

  def topology_cases
    args = [
      ['max-length', { 'x-max-length' => 10 }],
      ['message-ttl', { 'x-message-ttl' => 1000 }],
      ['max-priority', { 'x-max-priority' => 10 }],
      ['dead-letter', { 'x-dead-letter-exchange' => 'dlx', 'x-dead-letter-routing-key' => 'dead' }],
      ['expires', { 'x-expires' => 60_000 }],
      ['overflow', { 'x-overflow' => 'reject-publish' }],
      ['quorum-by-argument', { 'x-queue-type' => 'quorum' }],
      ['float-ttl', { 'x-message-ttl' => 1.5 }],
      ['refused-max-length-string', { 'x-max-length' => 'ten' }],
      ['refused-negative-ttl', { 'x-message-ttl' => -1 }],
      ['refused-max-priority-300', { 'x-max-priority' => 300 }],
      ['refused-overflow-bogus', { 'x-overflow' => 'bogus' }],
      ['refused-queue-type-bogus', { 'x-queue-type' => 'bogus' }],
      ['refused-expires-zero', { 'x-expires' => 0 }]
    ]
    cases = []
    [false, true].each do |loaded|
      pair = loaded ? 'schedule' : 'plain'
      args.each do |name, a|
        # the refused consumer comes first: the second one's declarations show what happens next
        consumers = [topo_consumer('ExtArgsConsumer', 'ext.args', arguments: a),
                     topo_consumer('ExtAfterConsumer', 'ext.after')]
        cases << kase('topology', "#{pair}-#{name}", "arguments #{a.inspect} (#{pair}), then a second consumer",
                      topology_input(loaded, consumers))
      end
      cases << kase('topology', "#{pair}-lazy-quorum", "lazy_queue and quorum_queue on one consumer (#{pair})",
                    topology_input(loaded, [topo_consumer('ExtLazyQuorumConsumer', 'ext.lq', lazy: true, quorum: { 'initial_group_size' => nil })]))
      cases << kase('topology', "#{pair}-quorum-priority", "quorum_queue with x-max-priority (#{pair})",
                    topology_input(loaded, [topo_consumer('ExtQuorumPrioConsumer', 'ext.qp', arguments: { 'x-max-priority' => 5 },
                                                                                             quorum: { 'initial_group_size' => 1 }),
                                            topo_consumer('ExtAfterConsumer', 'ext.after')]))
      cases << kase('topology', "#{pair}-redeclare-different-arguments",
                    "two consumers declare one queue name with different arguments (#{pair})",
                    topology_input(loaded, [topo_consumer('ExtFirstConsumer', 'ext.one', queue_name: 'ext_shared', arguments: { 'x-max-length' => 1 }),
                                            topo_consumer('ExtSecondConsumer', 'ext.two', queue_name: 'ext_shared', arguments: { 'x-max-length' => 2 }),
                                            topo_consumer('ExtAfterConsumer', 'ext.after')]))
      cases << kase('topology', "#{pair}-redeclare-same-arguments", "two consumers share one queue name (#{pair})",
                    topology_input(loaded, [topo_consumer('ExtFirstConsumer', 'ext.one', queue_name: 'ext_same'),
                                            topo_consumer('ExtSecondConsumer', 'ext.two', queue_name: 'ext_same')]))
      cases << kase('topology', "#{pair}-refused-amq-exchange", "mq_exchange amq.topic: a reserved name (#{pair})",
                    topology_input(loaded, [topo_consumer('ExtConsumer', 'ext.amq')], exchange: 'amq.topic'))
      cases << kase('topology', "#{pair}-refused-exchange-type", "mq_exchange is an existing direct exchange (#{pair})",
                    topology_input(loaded, [topo_consumer('ExtConsumer', 'ext.direct')], exchange: 'amq.direct'))
      cases << kase('topology', "#{pair}-queue-options-exclusive", "queue_options exclusive and auto_delete (#{pair})",
                    topology_input(loaded, [topo_consumer('ExtExclusiveConsumer', 'ext.ex', queue_options: { 'exclusive' => true, 'auto_delete' => true })]))
      cases << kase('topology', "#{pair}-refused-quorum-not-durable", "quorum_queue with queue_options durable false (#{pair})",
                    topology_input(loaded, [topo_consumer('ExtQuorumTransientConsumer', 'ext.qt', quorum: { 'initial_group_size' => nil },
                                                                                                  queue_options: { 'durable' => false }),
                                            topo_consumer('ExtAfterConsumer', 'ext.after')]))
      cases << kase('topology', "#{pair}-stream-queue", "x-queue-type stream (#{pair}): basic.consume needs a prefetch",
                    topology_input(loaded, [topo_consumer('ExtStreamConsumer', 'ext.stream', arguments: { 'x-queue-type' => 'stream' })]))
      cases << kase('topology', "#{pair}-symbol-argument-keys", "argument keys given as Symbols (#{pair})",
                    topology_input(loaded, [topo_consumer('ExtSymbolConsumer', 'ext.sym', arguments: { 'x-max-length' => 3, 'x-message-ttl' => 10 },
                                                                                         symbol_keys: ['x-max-length', 'x-message-ttl'])]))
    end
    cases << kase('topology', 'plain-stream-queue-prefetch', 'x-queue-type stream with a prefetch, Hutch alone',
                  topology_input(false, [topo_consumer('ExtStreamConsumer', 'ext.stream', arguments: { 'x-queue-type' => 'stream' })], prefetch: 5))
    cases
  end

  # -------------------------------------------------------------- publish

  def publish_input(message, loaded, properties: {}, serializer: 'json', config: {}, global: {})
    { 'config' => config, 'hutch_schedule_loaded' => loaded, 'global_properties' => global, 'routing_key' => 'ext.publish',
      'message' => message, 'properties' => properties, 'options' => { 'serializer' => serializer } }
  end

  def publish_cases
    cases = []
    [false, true].each do |loaded|
      pair = loaded ? 'schedule' : 'plain'
      JSON_MESSAGES.each do |name, message|
        cases << kase('publish', "#{pair}-#{name}", "Hutch.publish of a top-level #{name} (hutch-schedule #{loaded ? '' : 'not '}loaded)",
                      publish_input(message, loaded))
      end
      cases << kase('publish', "#{pair}-identity", "identity serializer (#{pair})", publish_input('bytes as given', loaded, serializer: 'identity'))
      cases << kase('publish', "#{pair}-identity-empty", "identity serializer, empty body (#{pair})", publish_input('', loaded, serializer: 'identity'))
      cases << kase('publish', "#{pair}-properties", "every standard property (#{pair})",
                    publish_input({ 'p' => 1 }, loaded, properties: { 'priority' => 3, 'correlation_id' => 'c', 'reply_to' => 'r',
                                                                      'expiration' => '100', 'type' => 't', 'app_id' => 'a',
                                                                      'message_id' => 'given', 'headers' => { 'h' => nil } }))
      cases << kase('publish', "#{pair}-global-and-exchange", "global properties and a custom exchange (#{pair})",
                    publish_input({ 'g' => 1 }, loaded, config: { 'mq_exchange' => 'ext_events' }, global: { 'app_id' => 'ext' }))
    end
    cases
  end

  # ------------------------------------------------------------- enqueue*

  def enqueue_cases
    spec = ->(att) { s = { 'class_name' => 'ExtJobConsumer', 'routing_keys' => ['ext.job'] }; s['attempts'] = att unless att == :none; s }
    base = ->(att, message) { { 'config' => {}, 'consumer' => spec.call(att), 'interval' => nil, 'at' => nil, 'now' => nil, 'message' => message, 'properties' => {} } }
    cases = []
    JSON_MESSAGES.each_with_index do |(name, message), k|
      att = ATTEMPTS[k % ATTEMPTS.size]
      cases << kase('enqueue', name, "Consumer.enqueue of a top-level #{name}, #{attempts_name(att)}", base.call(att, message))
      cases << kase('enqueue_in', name, "Consumer.enqueue_in(7) of a top-level #{name}, #{attempts_name(att)}",
                    base.call(att, message).merge('interval' => 7))
    end
    now = 1_800_000_000.0
    [['future-3', 3], ['future-61', 61], ['future-10801', 10_801], ['now', 0], ['past-1', -1]].each do |name, offset|
      cases << kase('enqueue_at', name, "Consumer.enqueue_at(now + #{offset})", base.call(3, { 'at' => name }).merge('at' => now + offset, 'now' => now))
    end
    cases
  end

  # ----------------------------------------------------- config, names, levels

  def config_cases
    samples = [
      { 'env' => {}, 'uri' => nil, 'yaml' => nil },
      { 'env' => { 'HUTCH_CHANNEL_PREFETCH' => '5' }, 'uri' => nil, 'yaml' => nil },
      { 'env' => {}, 'uri' => nil, 'yaml' => "channel_prefetch: 0\nmq_exchange: jobs\n" },
      { 'env' => { 'HUTCH_URI' => 'amqp://u:p@h:5673/v' }, 'uri' => nil, 'yaml' => nil }
    ]
    [false, true].map do |loaded|
      kase('config', loaded ? 'schedule-loaded' : 'plain', "config samples with hutch-schedule #{loaded ? '' : 'not '}loaded",
           { 'hutch_schedule_loaded' => loaded, 'samples' => samples })
    end
  end

  def queue_name_cases
    samples = [
      { 'class_name' => 'ExtConsumer', 'namespace' => nil, 'queue_name' => nil, 'without_namespace' => false },
      { 'class_name' => 'Ext::Deep::JobConsumer', 'namespace' => 'ns', 'queue_name' => nil, 'without_namespace' => false },
      { 'class_name' => 'ExtConsumer', 'namespace' => 'ns', 'queue_name' => 'Given.Name', 'without_namespace' => false }
    ]
    [false, true].map do |loaded|
      kase('queue_name', loaded ? 'schedule-loaded' : 'plain', "queue names with hutch-schedule #{loaded ? '' : 'not '}loaded",
           { 'hutch_schedule_loaded' => loaded, 'samples' => samples })
    end
  end

  def delay_level_cases
    [kase('delay_level', 'fractions', 'fractional and boundary intervals',
          { 'config' => {}, 'samples' => [0.001, 4.999, 5.001, 10.0, 59.999, 60.0, 3600.5, 10_799.9, 10_800.0, 1e9] })]
  end

  def all
    consume_cases + retry_cases + topology_cases + publish_cases + enqueue_cases + config_cases +
      queue_name_cases + delay_level_cases
  end

  def write(out)
    FileUtils.mkdir_p(out)
    all.group_by { |c| c['kind'] }.sort.each do |kind, cases|
      ids = cases.map { |c| c['id'] }
      raise "duplicate ids in #{kind}" unless ids.uniq.size == ids.size
      doc = { 'format' => FORMAT, 'kind' => kind, 'cases' => cases.sort_by { |c| c['id'] } }
      File.write(File.join(out, "#{kind}.json"), JSON.pretty_generate(doc) + "\n")
      puts format('%-12s %4d', kind, cases.size)
    end
  end
end

if $PROGRAM_NAME == __FILE__
  out = File.expand_path('../../Conformance/cases-extended', __dir__)
  OptionParser.new do |o|
    o.banner = 'usage: ruby generate_extended_cases.rb [--out DIR]'
    o.on('--out DIR', 'where the case inputs go (default Conformance/cases-extended)') { |v| out = v }
  end.parse!
  ExtendedCases.write(out)
end
