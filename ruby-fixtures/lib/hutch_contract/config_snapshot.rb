# frozen_string_literal: true
require_relative 'json_values'
require_relative 'consumer_spec'

module HutchContract
  # The Hutch::Config settings that change what goes on the wire, as a case
  # input's `config`: only those that differ from Hutch's defaults
  # (`Hutch::Config.default_config`), serializers by name. Connection
  # settings (host, port, vhost, credentials) are left out: record.rb
  # supplies its own.
  module ConfigSnapshot
    WIRE_SETTINGS = %i[mq_exchange mq_exchange_type mq_exchange_options namespace channel_prefetch
                       consumer_tag_prefix publisher_confirms force_publisher_confirms serializer].freeze

    module_function

    # config: Hutch::Config (anything with `default_config` and `to_hash`).
    def take(config)
      defaults = config.default_config
      current = config.to_hash
      WIRE_SETTINGS.each_with_object({}) do |key, out|
        next unless defaults.key?(key) && current.key?(key)
        value = current[key]
        next if value == defaults[key]
        out[key.to_s] = key == :serializer ? ConsumerSpec.serializer_name(value) : JsonValues.properties({ 'v' => value }, where: "Hutch::Config #{key}")['v']
      end
    end
  end
end
