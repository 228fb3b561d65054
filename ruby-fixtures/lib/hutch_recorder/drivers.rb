# frozen_string_literal: true
#
# The drivers: one per case kind. Each runs the real gems through their public
# API (Hutch.connect, Hutch.publish, Hutch::Config, Hutch::Consumer classes
# defined from the case input, Hutch::Schedule.connect, the consumer's
# enqueue / enqueue_in / enqueue_at, Hutch::ErrorHandlers::MaxRetry#handle,
# Hutch::Worker#setup_queue) with the client pointed at a RecordingProxy, and
# returns [input, expected, recorded_at]. Runs in a child process of
# record.rb, one case per process (Hutch keeps global state, and requiring
# hutch-schedule patches Hutch itself).
require 'json'
require 'base64'
require 'tempfile'
require 'rbconfig'
require_relative 'amqp'
require_relative 'proxy'
require_relative 'capture'
require_relative 'cases'
require_relative 'gems'
require_relative 'consumer_builder'
require_relative 'message_view'

module HutchRecorder
  class Driver
    include ConsumerBuilder

    Harness = Struct.new(:host, :port, :username, :password, :vhost, keyword_init: true)

    KINDS = %w[publish enqueue enqueue_in enqueue_at delay_level queue_name topology retry config consume].freeze
    SCHEDULE_KINDS = %w[enqueue enqueue_in enqueue_at delay_level retry].freeze
    BROKER_KINDS = %w[publish enqueue enqueue_in enqueue_at queue_name topology retry consume].freeze

    attr_reader :kase, :input, :proxy

    def initialize(kase, harness:, rabbitmq:, json_adapter: 'json_gem', settle: 0.2)
      @kase = kase
      # the gems may mutate what they are given (Hutch 1.1.0's Broker#queue
      # prepends the namespace to the queue name String in place): they get
      # a copy, and the recording keeps the input as it was
      @input = Marshal.load(Marshal.dump(kase.input))
      @record_input = Marshal.load(Marshal.dump(kase.input))
      @harness = harness
      @rabbitmq = rabbitmq
      @json_adapter = json_adapter
      @settle = settle
      @declared_queues = []
      @declared_exchanges = []
    end

    # Whether this case runs with hutch-schedule loaded.
    def schedule_loaded?
      return input['hutch_schedule_loaded'] if input.key?('hutch_schedule_loaded')
      return true if SCHEDULE_KINDS.include?(kase.kind)
      return false if %w[queue_name config].include?(kase.kind)
      Gems.hutch_schedule_available? # publish: as the bundled corpora did
    end

    # => the recorded case document (a Hash)
    def run
      raise Skip, "kind #{kase.kind.inspect} is not supported by record.rb" unless KINDS.include?(kase.kind)
      Gems.load!(schedule: schedule_loaded?, json_adapter: @json_adapter)
      if BROKER_KINDS.include?(kase.kind)
        @proxy = RecordingProxy.new(upstream_host: @harness.host, upstream_port: @harness.port)
        @proxy.start
        apply_harness_config
      end
      apply_config(input['config'] || {})
      expected, recorded_at = send("record_#{kase.kind}")
      rabbitmq = (@proxy && Capture.server_version(@proxy.frames)) || @rabbitmq
      CaseWriter.envelope(kase, recorded_with: Gems.recorded_with(rabbitmq: rabbitmq),
                                recorded_at: recorded_at, input: @record_input, expected: expected)
    ensure
      teardown
    end

    # ---------------------------------------------------------------- kinds

    def record_publish
      gp = symbolize_top(input['global_properties'] || {})
      Hutch.global_properties = input['global_properties_proc'] ? -> { symbolize_top(input['global_properties'] || {}) } : gp
      Hutch.connect
      mark = @proxy.size
      recorded_at = Time.now.to_f
      options = {}
      options[:serializer] = serializer_class(input.dig('options', 'serializer')) if input.dig('options', 'serializer')
      Hutch.publish(input.fetch('routing_key'), input['message'], symbolize_top(input['properties'] || {}), options)
      pub = wait_publishes(mark, 1).first or raise 'Hutch.publish sent nothing'
      [publish_expected(pub, given_message_id?), recorded_at]
    end

    def record_enqueue
      klass = define_consumer(input.fetch('consumer'), enqueue: true)
      Hutch.connect
      mark = @proxy.size
      recorded_at = Time.now.to_f
      klass.enqueue(input['message'])
      pub = wait_publishes(mark, 1).first or raise 'enqueue sent nothing'
      [publish_expected(pub, false), recorded_at]
    end

    def record_enqueue_in
      klass = define_consumer(input.fetch('consumer'), enqueue: true)
      Hutch::Schedule.connect
      mark = @proxy.size
      recorded_at = Time.now.to_f
      klass.enqueue_in(input.fetch('interval'), input['message'], symbolize_top(input['properties'] || {}))
      pub = wait_publishes(mark, 1).first or raise 'enqueue_in sent nothing'
      [publish_expected(pub, given_message_id?), recorded_at]
    end

    # `at` earlier than 2001-09-09 (1e9) is used as given (an absolute time,
    # e.g. the epoch); otherwise the case's `at - now` is kept as an offset
    # from the clock at recording time. `now` and `at` are rewritten with the
    # values actually used.
    def record_enqueue_at
      klass = define_consumer(input.fetch('consumer'), enqueue: true)
      Hutch::Schedule.connect
      mark = @proxy.size
      at_in = input.fetch('at')
      now = Time.now.to_f
      at = at_in.abs < 1_000_000_000 || input['now'].nil? ? at_in : now + (at_in - input['now'])
      @record_input['at'] = at
      @record_input['now'] = now
      klass.enqueue_at(at, input['message'], symbolize_top(input['properties'] || {}))
      pub = wait_publishes(mark, 1).first or raise 'enqueue_at sent nothing'
      [publish_expected(pub, given_message_id?), now]
    end

    def record_delay_level
      klass = define_consumer({ 'class_name' => 'DelayLevelProbeConsumer', 'routing_keys' => ['delay.level.probe'] }, enqueue: true)
      recorded_at = Time.now.to_f
      results = input.fetch('samples').map do |sample|
        level = klass.delay_seconds_level(sample)
        suffix = "#{level}s"
        { 'level' => level, 'routing_key' => Hutch::Schedule.delay_routing_key(suffix),
          'queue' => Hutch::Schedule.delay_queue_name(suffix), 'expiration' => (level * 1000).to_i.to_s }
      end
      [{ 'results' => results }, recorded_at]
    end

    # The name each sample's consumer queue gets on the wire: the worker
    # declares it (Hutch::Worker#setup_queue) and the recorder reads the
    # queue.declare frame.
    def record_queue_name
      Hutch.connect
      worker = Hutch::Worker.new(Hutch.broker, [], [])
      recorded_at = Time.now.to_f
      results = input.fetch('samples').map do |sample|
        Hutch::Config.set(:namespace, sample['namespace'])
        klass = define_consumer({ 'class_name' => sample.fetch('class_name'), 'routing_keys' => ['queue.name.probe'],
                                  'queue_name' => sample['queue_name'],
                                  'without_namespace' => sample['without_namespace'] }, enqueue: false)
        # a fresh channel per sample: bunny caches declared queues per channel
        # and would not declare the same name twice
        Hutch.broker.channel = Hutch.broker.connection.create_channel
        mark = @proxy.size
        worker.setup_queue(klass)
        decl, = Capture.declarations(@proxy.frames_since(mark))
        q = decl.find { |d| d['method'] == 'queue.declare' } or raise "no queue.declare for #{sample.inspect}"
        @declared_queues << q['queue']
        q['queue']
      end
      [{ 'results' => results }, recorded_at]
    end

    def record_topology
      consumers = input.fetch('consumers').map { |spec| define_consumer(spec, enqueue: schedule_loaded?) }
      set_broker_policies_note
      recorded_at = Time.now.to_f
      error = nil
      begin
        input['schedule'] ? Hutch::Schedule.connect : Hutch.connect
        worker = Hutch::Worker.new(Hutch.broker, consumers, [])
        consumers.each { |c| worker.setup_queue(c) }
      rescue StandardError => e
        error = e
      end
      sleep @settle
      frames = @proxy.frames
      decls, decl_frames = Capture.declarations(frames)
      note_declared(decls)
      expected = { 'declarations' => decls, 'frames' => decl_frames, 'nondeterministic' => ['consumer_tag'] }
      add_error(expected, error, frames)
      [expected, recorded_at]
    end

    # MaxRetry#handle with the case's headers (encoded to the exact table
    # bytes and decoded by amq-protocol, i.e. what bunny hands to Hutch).
    def record_retry
      klass = define_consumer(input.fetch('consumer'), enqueue: true)
      Hutch::Schedule.connect
      headers = input['headers'].nil? ? nil : bunny_table(input['headers'])
      properties = headers.nil? ? {} : { headers: headers }
      payload = Base64.strict_decode64(input.fetch('body_base64'))
      handler = Hutch::ErrorHandlers::MaxRetry.new
      expected = {}
      begin
        failure_count = handler.failure_count(headers, klass)
      rescue StandardError => e
        failure_count = nil
        expected['failure_count_error'] = e.class.name
      end
      mark = @proxy.size
      recorded_at = Time.now.to_f
      error = nil
      begin
        handler.handle(properties, payload, klass, RuntimeError.new('recorded failure'))
      rescue StandardError => e
        error = e
      end
      attempt = failure_count && failure_count + 1
      retried = !attempt.nil? && attempt <= klass.max_attempts
      pubs = retried ? wait_publishes(mark, 1) : settle_publishes(mark)
      republished = pubs.first
      expected = {
        'failure_count' => failure_count, 'attempt' => attempt, 'retried' => retried,
        'delay_seconds' => retried ? handler.retry_delay(attempt - 1) : nil,
        'republished' => republished, 'max_attempts' => klass.max_attempts,
        'nondeterministic' => republished ? %w[message_id timestamp] : []
      }.merge(expected)
      add_error(expected, error, @proxy.frames)
      [expected, recorded_at]
    end

    # Each sample runs in its own process (Hutch::Config reads the
    # environment once): env, then the YAML file, then the URI.
    def record_config
      recorded_at = Time.now.to_f
      results = input.fetch('samples').map { |sample| config_sample_in_child(sample) }
      [{ 'results' => results }, recorded_at]
    end

    def record_consume
      ConsumeDriver.new(self).record
    end

    # ------------------------------------------------------------- helpers

    def apply_harness_config
      Hutch::Config.set(:mq_host, '127.0.0.1')
      Hutch::Config.set(:mq_port, @proxy.port)
      Hutch::Config.set(:mq_vhost, @harness.vhost)
      Hutch::Config.set(:mq_username, @harness.username)
      Hutch::Config.set(:mq_password, @harness.password)
      Hutch::Config.set(:enable_http_api_use, false)
    end

    def apply_config(cfg)
      cfg.each do |key, value|
        value = value.map { |n| Object.const_get(n).new } if key == 'error_handlers'
        value = value.map { |n| Object.const_get(n).new } if key == 'error_acknowledgements'
        value = serializer_class(value) if key == 'serializer'
        Hutch::Config.set(key.to_sym, value)
      end
    end

    def given_message_id?
      (input['properties'] || {}).key?('message_id') || (input['global_properties'] || {}).key?('message_id')
    end

    def publish_expected(pub, given_id)
      pub.merge('nondeterministic' => given_id ? ['timestamp'] : %w[message_id timestamp])
    end

    def wait_publishes(mark, count, timeout: 5)
      @proxy.wait_for(timeout: timeout) do |frames|
        pubs = Capture.publishes(frames.drop(mark))
        pubs.size >= count ? pubs : nil
      end || Capture.publishes(@proxy.frames.drop(mark))
    end

    def settle_publishes(mark)
      sleep @settle
      Capture.publishes(@proxy.frames.drop(mark))
    end

    def note_declared(decls)
      decls.each do |d|
        @declared_queues << d['queue'] if d['method'] == 'queue.declare'
        @declared_exchanges << d['exchange'] if d['method'] == 'exchange.declare'
      end
    end

    def add_error(expected, error, frames)
      closes = Capture.server_closes(frames)
      expected['server_close'] = closes unless closes.empty?
      return unless error
      expected['error_class'] = error.class.name
      expected['error_message'] = error.message
    end

    def set_broker_policies_note; end

    # Ruby Hash the way bunny decodes the table (duplicate keys: last wins).
    def bunny_table(typed_pairs)
      require 'amq/protocol/table'
      raw = AMQP::TableEncoder.encode_table(typed_pairs)
      AMQ::Protocol::Table.decode([raw.bytesize].pack('N') + raw)
    end

    def teardown
      begin
        Hutch::Schedule.disconnect if defined?(Hutch::Schedule) && Hutch::Schedule.respond_to?(:disconnect) && Hutch::Schedule.core
      rescue StandardError
        nil
      end
      begin
        Hutch.disconnect if defined?(Hutch) && Hutch.respond_to?(:connected?) && Hutch.connected?
      rescue StandardError
        nil
      end
      if @proxy
        note_declared(Capture.declarations(@proxy.frames).first)
        @proxy.stop
      end
      cleanup_broker
    end

    # Deletes what the case declared (plain bunny, straight to the broker),
    # so that the next case starts from the same state.
    def cleanup_broker
      return if @declared_queues.empty? && @declared_exchanges.empty?
      require 'bunny'
      conn = Bunny.new(host: @harness.host, port: @harness.port, username: @harness.username,
                       password: @harness.password, vhost: @harness.vhost, automatically_recover: false,
                       logger: Logger.new(File::NULL))
      conn.start
      @declared_queues.uniq.each do |q|
        ch = conn.create_channel
        ch.queue_delete(q)
        ch.close
      rescue StandardError
        nil
      end
      @declared_exchanges.uniq.reject(&:empty?).each do |x|
        ch = conn.create_channel
        ch.exchange_delete(x)
        ch.close
      rescue StandardError
        nil
      end
      conn.close
    rescue StandardError => e
      warn "cleanup: #{e.class}: #{e.message}"
    end

    def config_sample_in_child(sample)
      script = File.expand_path('config_sample.rb', __dir__)
      payload = JSON.generate('sample' => sample, 'json_adapter' => @json_adapter, 'schedule' => schedule_loaded?)
      env = { 'RUBYLIB' => $LOAD_PATH.join(File::PATH_SEPARATOR) }
      ENV.each_key { |k| env[k] = nil if k.start_with?('HUTCH_') }
      (sample['env'] || {}).each { |k, v| env[k] = v }
      out = IO.popen(env, [RbConfig.ruby, script], 'r+', unsetenv_others: false) do |io|
        io.write(payload)
        io.close_write
        io.read
      end
      raise "config sample failed: #{sample.inspect}" unless $?.success?
      JSON.parse(out)
    end
  end
end

require_relative 'consume_driver'
