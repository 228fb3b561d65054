#!/usr/bin/env ruby
# frozen_string_literal: true
#
# peer.rb — a real Ruby Hutch process for cross-language checks.
#
#   HUTCH_PEER_URL=amqp://guest:guest@127.0.0.1:5682/ ruby peer.rb --spec SPEC.json \
#                [--vhost /] [--exchange hutch] [--report FILE] \
#                [--control-key hutch_peer.control] [--timeout 600]
#
# The broker URL comes from HUTCH_PEER_URL (or --url, which every user can
# read in `ps`: prefer the environment for a password).
#
# It defines Hutch consumers from the spec, consumes what the other side
# (the Swift runner) publishes, and publishes messages with Hutch.publish /
# enqueue / enqueue_in / enqueue_at when told to. Every event is one JSON
# line on stdout and, with --report, appended to FILE. Commands arrive as
# JSON lines on stdin or as JSON messages on the control routing key. The
# client talks to the broker through a loopback recording proxy, so the
# peer reports the exact AMQP types of what it received and the exact frames
# of what it sent. Protocol: README.md, "The Ruby peer".
require 'optparse'
require 'json'
require 'base64'
require_relative 'lib/hutch_recorder/amqp'
require_relative 'lib/hutch_recorder/proxy'
require_relative 'lib/hutch_recorder/capture'
require_relative 'lib/hutch_recorder/message_view'
require_relative 'lib/hutch_recorder/gems'
require_relative 'lib/hutch_recorder/consumer_builder'
require_relative 'lib/hutch_recorder/broker_probe'
require_relative 'lib/hutch_recorder/app_consumers'

module HutchRecorder
  class Peer
    include ConsumerBuilder

    PROTOCOL = 'hutch-peer/1'

    def initialize(argv)
      @opts = { url: ENV.fetch('HUTCH_PEER_URL', 'amqp://guest:guest@127.0.0.1:5672/'), vhost: nil, exchange: nil,
                control_key: 'hutch_peer.control', timeout: 600, stdin: true }
      OptionParser.new do |o|
        o.banner = 'usage: ruby peer.rb --spec SPEC.json [--url URL] [--report FILE] [options]'
        o.on('--url URL', 'broker (amqp://user:pass@host:port/vhost; default $HUTCH_PEER_URL)') { |v| @opts[:url] = v }
        o.on('--vhost NAME', 'vhost (default: the URL\'s, else /)') { |v| @opts[:vhost] = v }
        o.on('--exchange NAME', 'Hutch mq_exchange (default: spec config, else hutch)') { |v| @opts[:exchange] = v }
        o.on('--spec FILE', 'consumers and messages (JSON)') { |v| @opts[:spec] = v }
        o.on('--report FILE', 'append every event as a JSON line') { |v| @opts[:report] = v }
        o.on('--control-key KEY', 'routing key of control messages (default hutch_peer.control)') { |v| @opts[:control_key] = v }
        o.on('--timeout SECONDS', Integer, 'stop after this long (default 600)') { |v| @opts[:timeout] = v }
        o.on('--no-stdin', 'do not read commands from stdin') { @opts[:stdin] = false }
        o.on('--app PATH', "the application's consumers: a Ruby file or folder to require (repeatable)") { |v| (@opts[:app] ||= []) << v }
      end.parse!(argv)
      @spec = @opts[:spec] ? JSON.parse(File.read(@opts[:spec])) : {}
      @out_mutex = Mutex.new
      @report = @opts[:report] && File.open(@opts[:report], 'a')
      @stop = Queue.new
      @consumed = 0
      @published = 0
    end

    def run
      schedule = @spec.key?('hutch_schedule') ? @spec['hutch_schedule'] : Gems.hutch_schedule_available?
      begin
        Gems.load!(schedule: schedule, json_adapter: @spec.fetch('json_adapter', 'json_gem'))
      rescue GemMissing => e
        emit('event' => 'skipped', 'reason' => e.message)
        return 3
      end
      url = BrokerProbe.parse_url(@opts[:url])
      @proxy = RecordingProxy.new(upstream_host: url.host, upstream_port: url.port)
      @proxy.start
      app_consumers = @opts[:app] ? AppConsumers.load(@opts[:app]) : []
      configure(url)
      # the spec's consumers report their outcome as the app's do
      AppConsumers.observe(app_consumers, self, @proxy)
      @consumers = (@spec['consumers'] || []).map { |c| define_peer_consumer(c) }
      @consumers += app_consumers
      @control = define_control_consumer
      schedule && defined?(Hutch::Schedule) ? Hutch::Schedule.connect : Hutch.connect
      worker = Hutch::Worker.new(Hutch.broker, @consumers + [@control], [])
      worker.setup_queues
      emit('event' => 'ready', 'protocol' => PROTOCOL, 'pid' => Process.pid,
           'recorded_with' => Gems.recorded_with(rabbitmq: Capture.server_version(@proxy.frames)),
           'hutch_schedule_loaded' => !!(schedule && defined?(Hutch::Schedule)),
           'exchange' => Hutch::Config[:mq_exchange], 'control_key' => @opts[:control_key],
           'queues' => Capture.declarations(@proxy.frames).first.select { |d| d['method'] == 'queue.declare' }.map { |d| d['queue'] },
           'consumers' => @consumers.map { |c| consumer_summary(c) })
      start_stdin_reader if @opts[:stdin]
      trap_signals
      reason = wait_for_stop
      emit('event' => 'stopped', 'reason' => reason, 'consumed' => @consumed, 'published' => @published)
      0
    ensure
      begin
        # the control queue is the peer's own: remove it (hutch-schedule's
        # worker ignores queue options, so it would not auto-delete)
        Hutch.broker.channel.queue_delete(@control.get_queue_name) if @control && Hutch.connected?
      rescue StandardError
        nil
      end
      begin
        Hutch.disconnect if defined?(Hutch) && Hutch.respond_to?(:connected?) && Hutch.connected?
      rescue StandardError
        nil
      end
      @proxy&.stop
      @report&.close
    end

    # ---------------------------------------------------------- commands

    # {"command": "publish", ...} / "publish_spec" / "ping" / "stop"
    def command(cmd)
      case cmd['command']
      when 'publish' then publish(cmd)
      when 'publish_spec' then (@spec['publish'] || []).each { |m| publish(m) }
      when 'ping' then emit('event' => 'pong', 'id' => cmd['id'], 'consumed' => @consumed, 'published' => @published)
      when 'stop' then @stop << 'stop command'
      else emit('event' => 'error', 'id' => cmd['id'], 'error' => "unknown command #{cmd['command'].inspect}")
      end
    rescue StandardError => e
      emit('event' => 'error', 'id' => cmd['id'], 'error_class' => e.class.name, 'error' => e.message)
    end

    # One message, as Hutch would send it:
    #   {"id", "method": "publish", "routing_key", "message", "properties", "options": {"serializer"}}
    #   {"id", "method": "enqueue" | "enqueue_in" | "enqueue_at", "consumer": CLASS_NAME,
    #    "interval" (enqueue_in) | "at" (enqueue_at, Unix seconds), "message", "properties"}
    # "message_base64" instead of "message" gives raw bytes (identity serializer).
    def publish(m)
      mark = @proxy.size
      message = m.key?('message_base64') ? Base64.strict_decode64(m['message_base64']) : m['message']
      props = symbolize_top(m['properties'] || {})
      case m.fetch('method', 'publish')
      when 'publish'
        options = {}
        options[:serializer] = serializer_class(m.dig('options', 'serializer')) if m.dig('options', 'serializer')
        Hutch.publish(m.fetch('routing_key'), message, props, options)
      when 'enqueue' then consumer_class(m).enqueue(message)
      when 'enqueue_in' then consumer_class(m).enqueue_in(m.fetch('interval'), message, props)
      when 'enqueue_at' then consumer_class(m).enqueue_at(m.fetch('at'), message, props)
      else raise ArgumentError, "unknown publish method #{m['method'].inspect}"
      end
      pub = @proxy.wait_for(timeout: 5) { |f| Capture.publishes(f.drop(mark)).first }
      @published += 1
      emit({ 'event' => 'published', 'id' => m['id'], 'method' => m.fetch('method', 'publish') }.merge(pub || { 'frames' => nil }))
    end

    # What `ready` lists of each consumer (not the control consumer): whom the
    # other side may expect a delivery to be reported by.
    def consumer_summary(klass)
      { 'class_name' => klass.name, 'routing_keys' => klass.routing_keys.to_a, 'queue' => klass.get_queue_name,
        'attempts' => klass.respond_to?(:max_attempts) ? klass.max_attempts : nil }
    end

    def consumer_class(m)
      name = m.fetch('consumer')
      raise ArgumentError, "hutch-schedule is not loaded: #{m['method']} needs it" unless defined?(Hutch::Enqueue)
      @consumers.find { |c| c.name == name } or raise ArgumentError, "no consumer #{name} in the spec"
    end

    # ---------------------------------------------------------- consumers

    def define_peer_consumer(spec)
      klass = define_consumer(spec, enqueue: defined?(Hutch::Enqueue) ? true : false)
      peer = self
      action = spec['calls']
      raises = spec['raises']
      klass.define_method(:process) do |message|
        peer.consumed(self.class, message, action || (raises ? "raise #{raises}" : 'return'))
        di = message.delivery_info
        AppConsumers::Observer.watch_outcome('consumer' => self.class.name, 'routing_key' => di.routing_key,
                                             'delivery_tag' => di.delivery_tag)
        case action
        when 'requeue!' then requeue!
        when 'reject!' then reject!
        end
        raise Object.const_get(raises), 'peer consumer raises as told' if raises
      end
      klass
    end

    def define_control_consumer
      peer = self
      spec = { 'class_name' => 'HutchPeerControlConsumer', 'routing_keys' => [@opts[:control_key]],
               'queue_name' => "hutch_peer_control_#{Process.pid}", 'queue_options' => { 'auto_delete' => true } }
      spec.delete('queue_options') unless Hutch::Consumer::ClassMethods.method_defined?(:queue_options)
      # hutch-schedule's worker needs every consumer to include Hutch::Enqueue
      klass = define_consumer(spec, enqueue: defined?(Hutch::Enqueue) ? true : false)
      klass.define_method(:process) do |message|
        body = message.body
        cmd = body.respond_to?(:to_hash) ? JSON.parse(JSON.generate(body.to_hash)) : {}
        peer.command(cmd)
      end
      klass
    end

    # Called from a consumer's #process: reports what Ruby saw.
    def consumed(klass, message, action)
      di = message.delivery_info
      wire = @proxy.wait_for(timeout: 2) do |frames|
        Capture.deliveries(frames).find { |d| d['delivery_tag'] == di.delivery_tag && d['consumer_tag'] == di.consumer_tag }
      end
      headers = message.properties[:headers]
      event = {
        'event' => 'consumed',
        'consumer' => klass.name,
        'queue' => wire && queue_of(di.consumer_tag),
        'delivery' => { 'exchange' => di.exchange, 'routing_key' => di.routing_key, 'redelivered' => di.redelivered,
                        'consumer_tag' => di.consumer_tag, 'delivery_tag' => di.delivery_tag },
        'properties' => wire && wire['properties'],
        'headers_ruby' => headers && headers.map { |k, v| [k, v.class.name, json_safe(v)] },
        'body_base64' => Base64.strict_encode64(message.payload),
        'message' => HutchRecorder::MessageView.of(message),
        'action' => action,
        'frames' => wire && wire['frames']
      }
      @consumed += 1
      emit(event)
    end

    def queue_of(consumer_tag)
      d = Capture.declarations(@proxy.frames).first.find { |x| x['method'] == 'basic.consume' && x['consumer_tag'] == consumer_tag }
      d && d['queue']
    end

    def json_safe(v)
      JSON.parse(JSON.generate([v]))[0]
    rescue StandardError
      v.inspect
    end

    # ---------------------------------------------------------- plumbing

    def configure(url)
      Hutch::Config.set(:mq_host, '127.0.0.1')
      Hutch::Config.set(:mq_port, @proxy.port)
      Hutch::Config.set(:mq_vhost, @opts[:vhost] || url.vhost || '/')
      Hutch::Config.set(:mq_username, url.username)
      Hutch::Config.set(:mq_password, url.password)
      Hutch::Config.set(:enable_http_api_use, false)
      (@spec['config'] || {}).each do |k, v|
        v = v.map { |n| Object.const_get(n).new } if %w[error_handlers error_acknowledgements].include?(k)
        Hutch::Config.set(k.to_sym, v)
      end
      Hutch::Config.set(:mq_exchange, @opts[:exchange]) if @opts[:exchange]
    end

    def emit(event)
      line = JSON.generate(event)
      @out_mutex.synchronize do
        $stdout.puts(line)
        $stdout.flush
        if @report
          @report.puts(line)
          @report.flush
        end
      end
    end

    def start_stdin_reader
      Thread.new do
        $stdin.each_line do |line|
          next if line.strip.empty?
          begin
            command(JSON.parse(line))
          rescue JSON::ParserError => e
            emit('event' => 'error', 'error' => "bad command line: #{e.message}")
          end
        end
      end
    end

    def trap_signals
      %w[INT TERM].each { |sig| Signal.trap(sig) { @stop << "signal #{sig}" } }
    end

    def wait_for_stop
      deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + @opts[:timeout]
      loop do
        return @stop.pop(true)
      rescue ThreadError
        return 'timeout' if Process.clock_gettime(Process::CLOCK_MONOTONIC) >= deadline
        sleep 0.1
      end
    end
  end
end

exit(HutchRecorder::Peer.new(ARGV).run) if $PROGRAM_NAME == __FILE__
