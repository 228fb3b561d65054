# frozen_string_literal: true
require_relative 'json_values'

module HutchContract
  # A consumer class as the consumer spec of the case inputs
  # (Conformance/cases/README.md): what the Hutch::Consumer DSL and
  # hutch-schedule's Hutch::Enqueue were told, read through the class's
  # public readers (`routing_keys`, `get_arguments`, `queue_mode`,
  # `queue_type`, `initial_group_size`, `get_options`, `get_serializer`,
  # `max_attempts`, `without_namespace?` from Hutch 1.4.0). An explicit
  # `queue_name` has no public reader (`get_queue_name` also answers the
  # derived name): it is read from the class's @queue_name.
  module ConsumerSpec
    MODE_ARGUMENTS = %w[x-queue-mode x-queue-type x-quorum-initial-group-size].freeze

    module_function

    # enqueue_module: Hutch::Enqueue when hutch-schedule is loaded, else nil.
    def of(klass, enqueue_module: nil)
      where = "consumer #{klass.name}"
      includes_enqueue = !enqueue_module.nil? && klass.ancestors.include?(enqueue_module)
      spec = {
        'class_name' => klass.name,
        'routing_keys' => klass.routing_keys.to_a.map(&:to_s),
        'queue_name' => explicit_queue_name(klass),
        'arguments' => nil,
        'lazy_queue' => klass.queue_mode == 'lazy',
        'classic_queue' => klass.queue_type == 'classic',
        'quorum_queue' => klass.queue_type == 'quorum' ? { 'initial_group_size' => klass.initial_group_size } : nil,
        'without_namespace' => without_namespace?(klass)
      }
      arguments = own_arguments(klass)
      spec['arguments'] = JsonValues.properties(arguments, where: "#{where} arguments")
      symbol_keys = arguments.keys.select { |k| k.is_a?(Symbol) }.map(&:to_s)
      spec['argument_symbol_keys'] = symbol_keys unless symbol_keys.empty?
      options = queue_options(klass)
      spec['queue_options'] = JsonValues.properties(options, where: "#{where} queue_options") if options
      spec['serializer'] = serializer_name(klass.get_serializer)
      spec['includes_enqueue'] = includes_enqueue
      spec['attempts'] = klass.max_attempts if includes_enqueue
      spec
    end

    def serializer_name(serializer)
      return 'json' if serializer.nil?
      case serializer.name
      when 'Hutch::Serializers::JSON' then 'json'
      when 'Hutch::Serializers::Identity' then 'identity'
      else serializer.name
      end
    end

    def explicit_queue_name(klass)
      name = klass.instance_variable_get(:@queue_name)
      name&.to_s
    end

    def without_namespace?(klass)
      klass.respond_to?(:without_namespace?) ? klass.without_namespace? : false
    end

    # get_arguments adds the queue mode / type keys itself (into the
    # consumer's own hash): take them out again, since the spec holds those
    # as lazy_queue / classic_queue / quorum_queue.
    def own_arguments(klass)
      all = klass.get_arguments.dup
      all.delete_if { |k, _| MODE_ARGUMENTS.include?(k.to_s) && mode_key_from_dsl?(klass, k.to_s) }
      all
    end

    def mode_key_from_dsl?(klass, key)
      case key
      when 'x-queue-mode' then !klass.queue_mode.nil?
      when 'x-queue-type' then !klass.queue_type.nil?
      else !klass.initial_group_size.nil?
      end
    end

    # Hutch >= 1.1.1: the options given with queue_options (get_options
    # minus what Hutch adds itself), or nil when there were none.
    def queue_options(klass)
      return nil unless klass.respond_to?(:get_options)
      options = klass.get_options.reject { |k, _| k == :arguments }
      options == { durable: true } ? nil : options
    end
  end
end
