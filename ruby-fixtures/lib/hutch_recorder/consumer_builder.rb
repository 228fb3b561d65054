# frozen_string_literal: true
#
# Hutch consumer classes defined at run time from a JSON spec, with the
# public Hutch::Consumer DSL (and hutch-schedule's Hutch::Enqueue), in the
# order a hand-written class would use it. Shared by record.rb and peer.rb.
#
# spec: {"class_name": "Billing::InvoiceConsumer", "routing_keys": [...],
#        "consume_calls": [[...], ...] (instead of routing_keys: several
#        `consume` calls), "queue_name", "arguments", "argument_symbol_keys",
#        "lazy_queue", "classic_queue", "quorum_queue": {"initial_group_size"},
#        "queue_options", "without_namespace", "serializer": "json"|"identity",
#        "attempts", "includes_enqueue": false (leave Hutch::Enqueue out where
#        it would be included)}
module HutchRecorder
  class Skip < StandardError; end

  module ConsumerBuilder
    # Defines (or redefines) the consumer class named in the spec with the
    # Hutch::Consumer DSL, in the order a hand-written class would use it.
    def define_consumer(spec, enqueue:)
      name = spec.fetch('class_name')
      klass = Class.new
      assign_constant(name, klass)
      klass.include(Hutch::Consumer)
      klass.include(Hutch::Enqueue) if enqueue && spec.fetch('includes_enqueue', true) && defined?(Hutch::Enqueue)
      calls = spec['consume_calls'] || [spec.fetch('routing_keys')]
      calls.each { |keys| klass.consume(*keys) }
      klass.queue_name(spec['queue_name']) if spec['queue_name']
      args = spec['arguments'] || {}
      unless args.empty?
        sym = spec['argument_symbol_keys'] || []
        klass.arguments(args.each_with_object({}) { |(k, v), o| o[sym.include?(k) ? k.to_sym : k] = v })
      end
      klass.lazy_queue if spec['lazy_queue']
      klass.classic_queue if spec['classic_queue']
      if spec['quorum_queue']
        size = spec['quorum_queue']['initial_group_size']
        size.nil? ? klass.quorum_queue : klass.quorum_queue(initial_group_size: size)
      end
      if spec.key?('queue_options')
        raise Skip, "uses Hutch::Consumer.queue_options (added in Hutch 1.1.1); Hutch #{Hutch::VERSION} does not have it" unless klass.respond_to?(:queue_options)
        klass.queue_options(symbolize_top(spec['queue_options']))
      end
      if spec['without_namespace']
        raise Skip, "uses Hutch::Consumer.without_namespace (added in Hutch 1.4.0); Hutch #{Hutch::VERSION} does not have it" unless klass.respond_to?(:without_namespace)
        klass.without_namespace
      end
      klass.serializer(serializer_class(spec['serializer'])) if spec['serializer'] && spec['serializer'] != 'json'
      klass.attempts(spec['attempts']) if enqueue && spec.key?('attempts') && klass.respond_to?(:attempts)
      klass
    end

    def assign_constant(path, value)
      parts = path.split('::')
      mod = Object
      parts[0..-2].each do |p|
        mod = mod.const_defined?(p, false) ? mod.const_get(p, false) : mod.const_set(p, Module.new)
      end
      mod.send(:remove_const, parts.last) if mod.const_defined?(parts.last, false)
      mod.const_set(parts.last, value)
    end

    def serializer_class(name)
      case name
      when 'json' then Hutch::Serializers::JSON
      when 'identity' then Hutch::Serializers::Identity
      else Object.const_get(name)
      end
    end

    def symbolize_top(h)
      h.each_with_object({}) { |(k, v), o| o[k.to_sym] = v }
    end

  end
end
