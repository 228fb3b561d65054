# frozen_string_literal: true
require 'json'
require_relative 'call'

module HutchContract
  # Turns the Ruby values an app hands to Hutch into the JSON values of the
  # case format, refusing what that format cannot hold (rather than writing
  # a case that would replay a different call). No gem needed.
  module JsonValues
    module_function

    # The message as the case's `message`: for a JSON serializer, what
    # `JSON.parse` returns for the serializer's bytes, provided that encoding
    # it again gives the same bytes; for the identity serializer (`binary`),
    # the raw body as a UTF-8 string. `encode` re-encodes with the same
    # serializer.
    def message(payload, binary:, encode:, where:)
      if binary
        text = payload.to_s.dup.force_encoding(Encoding::UTF_8)
        raise CaptureError, "#{where}: the identity-serialized body is not valid UTF-8; the case format holds it as a JSON string" unless text.valid_encoding?
        return text
      end
      value = JSON.parse(payload)
      again = encode.call(value)
      unless again == payload
        raise CaptureError, "#{where}: the message does not survive JSON (#{payload.inspect} reads back as #{again.inspect}); pass JSON values"
      end
      value
    end

    # Properties, global properties or headers: keys become strings (Hutch
    # and bunny send symbol keys as their names), symbols become strings,
    # everything else must already be a JSON value.
    def properties(value, where:)
      convert(value || {}, where)
    end

    # An interval or a time in seconds: Integer or finite Float (an
    # ActiveSupport::Duration gives its value).
    def seconds(value, where:)
      value = value.value if defined?(ActiveSupport::Duration) && value.is_a?(ActiveSupport::Duration)
      return value if value.is_a?(Integer)
      return value if value.is_a?(Float) && value.finite?
      raise CaptureError, "#{where}: expected seconds as an Integer or a finite Float, got #{value.inspect} (#{value.class})"
    end

    def convert(value, where)
      case value
      when Hash
        value.each_with_object({}) do |(k, v), out|
          key = k.is_a?(Symbol) ? k.to_s : k
          raise CaptureError, "#{where}: key #{k.inspect} is a #{k.class}; the case format has string keys" unless key.is_a?(String)
          out[key] = convert(v, "#{where}.#{key}")
        end
      when Array then value.each_with_index.map { |v, i| convert(v, "#{where}[#{i}]") }
      when Symbol then value.to_s
      when String, Integer, true, false, nil then value
      when Float
        raise CaptureError, "#{where}: #{value} is not a finite number" unless value.finite?
        value
      else
        raise CaptureError, "#{where}: #{value.inspect} is a #{value.class}; the case format holds JSON values only"
      end
    end
    private_class_method :convert
  end
end
