# frozen_string_literal: true
#
# The capture helper: a shop requires it in its test suite (or
# `hutch_contract/minitest` / `hutch_contract/rspec`, which also name each
# test) after loading its app. From then on Hutch.publish, Hutch.connect,
# Hutch::Schedule.connect and the consumers' enqueue / enqueue_in /
# enqueue_at do not reach a broker: each publishing call is recorded, with
# the test that made it. At the end, with an output folder
# (`HUTCH_CONTRACT_OUT` or `out:`), the calls, the consumers the app
# registered (Hutch.consumers) and its Hutch configuration are written as
# case inputs for record.rb (see CaseBuilder for which cases). Needs the
# app's hutch (and hutch-schedule) gems.
require 'base64'
require_relative 'call'
require_relative 'json_values'
require_relative 'consumer_spec'
require_relative 'config_snapshot'
require_relative 'case_builder'
require_relative 'writer'
require_relative 'interceptors'

module HutchContract
  # The calls the current test made (Call structs), for the app's own
  # assertions.
  def self.calls
    Capture.session ? Capture.session.calls_in_test : []
  end

  # One capture run (a test suite).
  class Capture
    class << self
      attr_reader :session

      # Starts capturing (replacing an earlier session) and installs the hooks.
      # out: where finish! writes the case inputs (nil: nowhere);
      # broker_policies: the RabbitMQ policies the app's broker has, set for
      # the consume cases of delayed messages; max_consume_delay: the longest
      # delay level (seconds) a consume case waits for.
      def start(out: ENV['HUTCH_CONTRACT_OUT'], broker_policies: [], max_consume_delay: 30)
        require 'hutch'
        @session = new(out: out.to_s.empty? ? nil : out, broker_policies: broker_policies,
                       max_consume_delay: max_consume_delay)
        Interceptors.install!
        @session
      end
    end

    attr_reader :calls, :out, :skipped

    def initialize(out:, broker_policies:, max_consume_delay:)
      @out = out
      @broker_policies = broker_policies
      @max_consume_delay = max_consume_delay
      @calls = []
      @test = nil
      @index = 0
      @finished = false
      @skipped = {}
    end

    def capturing?
      !@finished
    end

    # Names the calls made until end_test ("BillingTest#test_x").
    def begin_test(name)
      Interceptors.install!
      @test = name
      @index = 0
    end

    def end_test
      @test = nil
      @index = 0
    end

    def within(name)
      begin_test(name)
      yield
    ensure
      end_test
    end

    def calls_in_test
      @calls.select { |c| c.test == current_test }
    end

    # ------------------------------------------------------ the app's calls

    def publish(routing_key, message, properties, options)
      serializer = (options || {})[:serializer] || Hutch::Config[:serializer]
      record('publish', serializer: serializer, message: message, properties: properties,
                        routing_key: routing_key.to_s)
    end

    def enqueue(klass, message)
      record('enqueue', serializer: Hutch::Config[:serializer], message: message, properties: {},
                        routing_key: klass.enqueue_routing_key, consumer: klass)
    end

    def enqueue_in(klass, interval, message, props)
      where = "#{current_test}: #{klass.name}.enqueue_in"
      record('enqueue_in', serializer: Hutch::Config[:serializer], message: message, properties: props,
                           routing_key: klass.enqueue_routing_key, consumer: klass,
                           interval: JsonValues.seconds(interval, where: where),
                           delay_level: klass.delay_seconds_level(interval))
    end

    # `now` is the clock when the app called (freeze it in the test, e.g.
    # ActiveSupport's travel_to, for a stable capture).
    def enqueue_at(klass, time, message, props)
      where = "#{current_test}: #{klass.name}.enqueue_at"
      at = JsonValues.seconds(time.respond_to?(:utc) ? time.utc.to_f : time, where: where)
      now = Time.now.to_f
      record('enqueue_at', serializer: Hutch::Config[:serializer], message: message, properties: props,
                           routing_key: klass.enqueue_routing_key, consumer: klass, at: at, now: now,
                           delay_level: klass.delay_seconds_level([at - now, 1].max))
    end

    # ------------------------------------------------------------- output

    # Writes the case inputs (when there is an output folder) and stops
    # capturing; => the paths written.
    def finish!
      return [] if @finished
      @finished = true
      return [] unless @out
      builder = case_builder
      paths = Writer.write(builder.cases, @out)
      @skipped = builder.skipped
      report(paths)
      paths
    end

    def case_builder
      enqueue_module = defined?(Hutch::Enqueue) ? Hutch::Enqueue : nil
      consumers = Hutch.consumers.select(&:name).uniq(&:name)
                       .map { |k| ConsumerSpec.of(k, enqueue_module: enqueue_module) }
      CaseBuilder.new(calls: @calls, consumers: consumers, config: ConfigSnapshot.take(Hutch::Config),
                      schedule_loaded: schedule_loaded?, max_retry: max_retry?,
                      broker_policies: @broker_policies, max_consume_delay: @max_consume_delay)
    end

    private

    def current_test
      @test || 'outside tests'
    end

    def schedule_loaded?
      defined?(Hutch::Schedule) ? true : false
    end

    def max_retry?
      return false unless defined?(Hutch::ErrorHandlers::MaxRetry)
      Array(Hutch::Config[:error_handlers]).any? { |h| h.is_a?(Hutch::ErrorHandlers::MaxRetry) }
    end

    def record(kind, serializer:, message:, properties:, routing_key:, consumer: nil, **rest)
      @index += 1
      where = "#{current_test}, call #{@index} (#{kind})"
      serializer_name = ConsumerSpec.serializer_name(serializer)
      unless %w[json identity].include?(serializer_name)
        raise CaptureError, "#{where}: serializer #{serializer_name}: case inputs know json and identity only"
      end
      payload = serializer.encode(message)
      global = Hutch.global_properties
      call = Call.new(
        kind: kind, test: current_test, index: @index,
        config: ConfigSnapshot.take(Hutch::Config), hutch_schedule_loaded: schedule_loaded?,
        routing_key: routing_key,
        message: JsonValues.message(payload, binary: serializer_name == 'identity', encode: serializer.method(:encode), where: where),
        properties: JsonValues.properties(properties, where: "#{where} properties"),
        serializer: serializer_name,
        global_properties: JsonValues.properties(global.respond_to?(:call) ? global.call : global, where: "#{where} global_properties"),
        global_properties_proc: global.respond_to?(:call),
        consumer: consumer && ConsumerSpec.of(consumer, enqueue_module: Hutch::Enqueue),
        body_base64: Base64.strict_encode64(payload), **rest
      )
      @calls << call
      call
    end

    def report(paths)
      kinds = paths.map { |p| File.basename(p, '.json') }.join(', ')
      warn "hutch_contract: #{@calls.size} calls captured; case inputs written to #{@out} (#{kinds})"
      @skipped.each { |id, reason| warn "hutch_contract: no case #{id}: #{reason}" }
    end
  end
end
