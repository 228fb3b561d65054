# frozen_string_literal: true
#
# Turns recorded frames into the `expected` parts of a case: publishes
# (basic.publish + content header + body frames), declarations, deliveries,
# acknowledgements and server closes. No gem needed.
require 'base64'
require_relative 'amqp'

module HutchRecorder
  module Capture
    module_function

    DECLARATION_METHODS = %w[basic.qos exchange.declare queue.declare queue.bind basic.consume].freeze

    # Complete messages (method + header + all body frames) in `recorded`
    # (RecordingProxy::Recorded list, one direction), for `method_name`
    # ('basic.publish' client side, 'basic.deliver' server side).
    def messages(recorded, method_name)
      pending = {} # channel => state
      done = []
      recorded.each do |r|
        f = r.frame
        key = [r.connection, f.channel]
        case f.type
        when 1
          pending.delete(key)
          decoded = AMQP::Decoder.decode_method(f.payload)
          if decoded['method'] == method_name
            pending[key] = { method: decoded, frames: [f], body: String.new(encoding: Encoding::BINARY), size: nil }
          end
        when 2
          st = pending[key] or next
          size, props = AMQP::Decoder.decode_content_header(f.payload)
          st[:size] = size
          st[:properties] = props
          st[:frames] << f
        when 3
          st = pending[key] or next
          st[:body] << f.payload
          st[:frames] << f
        end
        st = pending[key]
        if st && st[:size] && st[:body].bytesize >= st[:size]
          done << st
          pending.delete(key)
        end
      end
      done
    end

    # {"exchange","routing_key","mandatory","immediate","properties","body_base64","frames"}
    def publish_hash(st)
      m = st[:method]
      {
        'exchange' => m['exchange'],
        'routing_key' => m['routing_key'],
        'mandatory' => m['mandatory'],
        'immediate' => m['immediate'],
        'properties' => st[:properties],
        'body_base64' => Base64.strict_encode64(st[:body]),
        'frames' => st[:frames].map(&:to_h)
      }
    end

    def delivery_hash(st)
      m = st[:method]
      {
        'exchange' => m['exchange'],
        'routing_key' => m['routing_key'],
        'redelivered' => m['redelivered'],
        'consumer_tag' => m['consumer_tag'],
        'delivery_tag' => m['delivery_tag'],
        'properties' => st[:properties],
        'body_base64' => Base64.strict_encode64(st[:body]),
        'frames' => st[:frames].map(&:to_h)
      }
    end

    def publishes(recorded)
      messages(recorded.select { |r| r.direction == :client }, 'basic.publish').map { |st| publish_hash(st) }
    end

    def deliveries(recorded)
      messages(recorded.select { |r| r.direction == :server }, 'basic.deliver').map { |st| delivery_hash(st) }
    end

    # [declarations, frames]: client method frames that declare topology, in
    # wire order (ticket fields omitted).
    def declarations(recorded)
      list = recorded.select { |r| r.direction == :client && r.frame.method? }
                     .map { |r| [AMQP::Decoder.decode_method(r.frame.payload), r.frame] }
                     .select { |(d, _)| DECLARATION_METHODS.include?(d['method']) }
      [list.map(&:first), list.map { |(_, f)| f.to_h }]
    end

    def acknowledgements(recorded)
      recorded.select { |r| r.direction == :client && r.frame.method? }
              .map { |r| AMQP::Decoder.decode_method(r.frame.payload) }
              .select { |d| %w[basic.ack basic.nack basic.reject].include?(d['method']) }
    end

    def server_closes(recorded)
      recorded.select { |r| r.direction == :server && r.frame.method? }
              .map { |r| AMQP::Decoder.decode_method(r.frame.payload) }
              .select { |d| %w[channel.close connection.close].include?(d['method']) }
              .map { |d| d.slice('method', 'reply_code', 'reply_text', 'class_id', 'method_id') }
    end

    # server_properties["version"] from connection.start, if seen
    def server_version(recorded)
      r = recorded.find { |x| x.direction == :server && x.frame.method? && x.frame.method_ids == [10, 10] }
      return nil unless r
      props = AMQP::Decoder.decode_method(r.frame.payload)['server_properties']
      pair = props.find { |k, _| k == 'version' }
      v = pair && pair[1]['value']
      v.is_a?(String) ? v : nil
    end
  end
end
