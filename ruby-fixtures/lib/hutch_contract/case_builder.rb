# frozen_string_literal: true
require 'base64'
require_relative '../hutch_recorder/cases'
require_relative 'call'
require_relative 'naming'
require_relative 'topic'

module HutchContract
  # Turns what was captured (the app's calls, its consumers, its Hutch
  # configuration) into case inputs for record.rb (Conformance/cases format):
  #
  # * one `publish` / `enqueue` / `enqueue_in` / `enqueue_at` case per call,
  #   `KIND/<test>-<n>` (n: the call's position in its test);
  # * one `consume` case per call and consumer of the app it reaches,
  #   `consume/<test>-<n>-<consumer>`: `publish` and `enqueue` calls are
  #   delivered with Hutch.publish, `enqueue_in` / `enqueue_at` calls through
  #   the delay queues when their delay level is at most `max_consume_delay`
  #   seconds (record.rb waits that long), with the app's `broker_policies`;
  # * one `topology` case per consumer, `topology/<consumer>`, and one
  #   `queue_name/consumers` case with a sample per consumer;
  # * with MaxRetry among the error handlers, one `retry` case per consumer
  #   that includes Hutch::Enqueue: what MaxRetry does after its first
  #   failure (`retry/<consumer>-first-failure`), with the first captured body
  #   that reaches it (or `{}`).
  #
  # Calls that do not fit a kind are listed in `skipped` with the reason.
  # No gem needed: the output depends only on the input, sorted by id.
  class CaseBuilder
    EMPTY_OBJECT = Base64.strict_encode64('{}')

    attr_reader :skipped

    # calls: [Call]; consumers: consumer specs (ConsumerSpec.of);
    # config: ConfigSnapshot of the app; schedule_loaded: hutch-schedule
    # was required; max_retry: MaxRetry is an error handler.
    def initialize(calls:, consumers:, config:, schedule_loaded:, max_retry:, broker_policies: [], max_consume_delay: 30)
      @calls = calls.sort_by { |c| [Naming.slug(c.test), c.index] }
      @consumers = consumers.sort_by { |c| c['class_name'] }
      @config = config
      @schedule_loaded = schedule_loaded
      @max_retry = max_retry
      @broker_policies = broker_policies
      @max_consume_delay = max_consume_delay
      @skipped = {}
    end

    # => [HutchRecorder::CaseInput], sorted by id
    def cases
      @skipped = {}
      list = @calls.flat_map { |call| [call_case(call)] + consume_cases(call) }
      list += @consumers.map { |spec| topology_case(spec) }
      list << queue_name_case unless @consumers.empty?
      list += retry_cases if @max_retry
      ids = list.map(&:id)
      dup = ids.select { |id| ids.count(id) > 1 }.uniq
      raise CaptureError, "two captured cases would share an id: #{dup.join(', ')} (two tests with the same name?)" unless dup.empty?
      list.sort_by(&:id)
    end

    private

    def call_name(call)
      "#{Naming.slug(call.test)}-#{call.index}"
    end

    def where(call)
      "#{call.test}, call #{call.index}"
    end

    def kase(id, description, input)
      HutchRecorder::CaseInput.new(id: id, kind: id.split('/').first, description: description, input: input)
    end

    def call_case(call)
      input = { 'config' => call.config }
      case call.kind
      when 'publish'
        input['hutch_schedule_loaded'] = call.hutch_schedule_loaded
        input['global_properties'] = call.global_properties
        input['global_properties_proc'] = true if call.global_properties_proc
        input.merge!('routing_key' => call.routing_key, 'message' => call.message,
                     'properties' => call.properties, 'options' => { 'serializer' => call.serializer })
        what = "Hutch.publish(#{call.routing_key.inspect})"
      else
        input.merge!('consumer' => call.consumer, 'interval' => call.interval, 'at' => call.at, 'now' => call.now,
                     'message' => call.message, 'properties' => call.properties)
        what = "#{call.consumer['class_name']}.#{call.kind}"
      end
      kase("#{call.kind}/#{call_name(call)}", "#{what} in #{where(call)}", input)
    end

    def consume_cases(call)
      reached = @consumers.select { |spec| spec['routing_keys'].any? { |key| Topic.match?(key, call.routing_key) } }
      reached.filter_map do |spec|
        id = "consume/#{call_name(call)}-#{Naming.slug(spec['class_name'])}"
        input = consume_input(call, spec, id)
        input && kase(id, "#{spec['class_name']} receives the message of #{where(call)}", input)
      end
    end

    def consume_input(call, spec, id)
      input = { 'config' => call.config, 'hutch_schedule_loaded' => call.hutch_schedule_loaded }
      consumer = spec.merge('raises' => nil)
      case call.kind
      when 'publish', 'enqueue'
        if call.serializer != 'json'
          @skipped[id] = "published with the #{call.serializer} serializer; consume cases publish with Hutch's JSON serializer"
          return nil
        end
        properties = call.properties.merge(call.global_properties)
        input.merge('schedule' => false, 'consumer' => consumer, 'delivered_via' => 'publish',
                    'publish' => { 'routing_key' => call.routing_key, 'message' => call.message, 'properties' => properties })
      else
        if call.delay_level > @max_consume_delay
          @skipped[id] = "delay level #{call.delay_level} s is longer than max_consume_delay (#{@max_consume_delay} s)"
          return nil
        end
        interval = call.kind == 'enqueue_at' ? [call.at - call.now, 1].max : call.interval
        input = input.merge('schedule' => true, 'consumer' => consumer, 'delivered_via' => 'enqueue_in',
                            'enqueue_in' => { 'interval' => interval, 'message' => call.message, 'properties' => call.properties })
        input['broker_policies'] = @broker_policies unless @broker_policies.empty?
        input
      end
    end

    def topology_case(spec)
      input = { 'config' => @config, 'schedule' => false, 'hutch_schedule_loaded' => @schedule_loaded, 'consumers' => [spec] }
      kase("topology/#{Naming.slug(spec['class_name'])}", "what Hutch declares for #{spec['class_name']}", input)
    end

    def queue_name_case
      samples = @consumers.map do |spec|
        { 'class_name' => spec['class_name'], 'namespace' => @config['namespace'],
          'queue_name' => spec['queue_name'], 'without_namespace' => spec['without_namespace'] }
      end
      kase('queue_name/consumers', 'the queue name of each consumer of the app', { 'samples' => samples })
    end

    def retry_cases
      @consumers.select { |spec| spec['includes_enqueue'] }.map do |spec|
        first = @calls.find { |call| call.serializer == 'json' && spec['routing_keys'].any? { |key| Topic.match?(key, call.routing_key) } }
        input = { 'config' => @config, 'consumer' => spec, 'headers' => nil,
                  'body_base64' => first ? first.body_base64 : EMPTY_OBJECT }
        kase("retry/#{Naming.slug(spec['class_name'])}-first-failure",
             "MaxRetry after the first failure of #{spec['class_name']} (attempts #{spec['attempts']})", input)
      end
    end
  end
end
