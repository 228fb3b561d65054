# frozen_string_literal: true
#
# peer.rb --app PATH: the application's own consumer classes, loaded from its
# code, run under the real Hutch worker beside (or instead of) the spec's
# synthetic consumers. Each delivery to one of them is reported as the spec's
# consumers report it (`consumed`, after #process returns or raises), plus:
#
#   {"event": "consumer_error", "consumer", "routing_key", "delivery_tag", "error_class", "error"}
#       #process raised (the worker then runs the app's error handlers);
#   {"event": "outcome", "consumer", "routing_key", "delivery_tag", "outcome"}
#       what the client sent for the delivery: ack, nack, reject, requeue, or
#       none (nothing within 5 s: hutch-schedule's worker never acknowledges
#       some failures).
require_relative 'capture'

module HutchRecorder
  module AppConsumers
    OUTCOME_WAIT = 5

    module_function

    # Requires each path (a .rb file, or every .rb under a folder, sorted)
    # and returns the named consumer classes they registered with Hutch.
    def load(paths)
      before = Hutch.consumers.dup
      paths.each do |path|
        files = File.directory?(path) ? Dir.glob(File.join(path, '**', '*.rb')).sort : [path]
        raise ArgumentError, "--app #{path}: no such Ruby file or folder with Ruby files" unless files.any? && File.file?(files.first)
        files.each { |f| require File.expand_path(f) }
      end
      (Hutch.consumers - before).select(&:name).uniq
    end

    # Reports what each class's #process does to `peer` (its `consumed` and
    # `emit`), reading acknowledgements from `proxy`.
    def observe(klasses, peer, proxy)
      Observer.peer = peer
      Observer.proxy = proxy
      klasses.each { |k| k.prepend(Observer) }
    end

    # Prepended to an app consumer class.
    module Observer
      class << self
        attr_accessor :peer, :proxy
      end

      def process(message)
        @hutch_peer_action = nil
        super
        Observer.report(self.class, message, @hutch_peer_action || 'return')
      rescue StandardError => e
        Observer.report(self.class, message, @hutch_peer_action || "raise #{e.class}", e)
        raise
      end

      def requeue!
        @hutch_peer_action = 'requeue!'
        super
      end

      def reject!
        @hutch_peer_action = 'reject!'
        super
      end

      def self.report(klass, message, action, error = nil)
        di = message.delivery_info
        where = { 'consumer' => klass.name, 'routing_key' => di.routing_key, 'delivery_tag' => di.delivery_tag }
        peer.consumed(klass, message, action)
        peer.emit({ 'event' => 'consumer_error' }.merge(where).merge('error_class' => error.class.name, 'error' => error.message)) if error
        watch_outcome(where)
      end

      # The ack / nack / reject comes from the worker after #process: wait
      # for it on another thread.
      def self.watch_outcome(where)
        Thread.new do
          ack = proxy.wait_for(timeout: OUTCOME_WAIT) do |frames|
            Capture.acknowledgements(frames).find { |a| a['delivery_tag'] == where['delivery_tag'] }
          end
          peer.emit({ 'event' => 'outcome' }.merge(where).merge('outcome' => outcome(ack)))
        end
      end

      def self.outcome(ack)
        return 'none' unless ack
        case ack['method']
        when 'basic.ack' then 'ack'
        when 'basic.nack' then ack['requeue'] ? 'requeue' : 'nack'
        else ack['requeue'] ? 'requeue' : 'reject'
        end
      end
    end
  end
end
