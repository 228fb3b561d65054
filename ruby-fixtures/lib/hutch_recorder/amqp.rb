# frozen_string_literal: true
#
# AMQP 0-9-1 wire helpers for the recorder. Our own code, no gem needed:
#
# * FrameSplitter  – turns a byte stream (one direction of a TCP connection)
#                    into frames: optional 8-byte protocol header, then
#                    type(1) channel(2) size(4) payload(size) 0xCE.
# * Decoder        – decodes the method frames and content headers the recorder
#                    needs into the field names of the `hutch-conformance/1`
#                    format, and field tables into typed values
#                    ({"type" => T, "value" => V}, tables as [key, typed] pairs).
# * TableEncoder   – the inverse for typed tables (used to turn a case's typed
#                    headers back into the exact bytes a broker would send).
require 'base64'

module HutchRecorder
  module AMQP
    PROTOCOL_HEADER = "AMQP\x00\x00\x09\x01".b
    FRAME_END = 0xCE

    class FrameError < StandardError; end

    Frame = Struct.new(:type, :channel, :payload) do
      def to_h
        { 'type' => type, 'channel' => channel, 'payload_hex' => payload.unpack1('H*') }
      end

      def method?
        type == 1
      end

      # [class_id, method_id] of a method frame
      def method_ids
        payload.unpack('nn')
      end
    end

    # Splits one direction of an AMQP connection into frames.
    #
    #   splitter = FrameSplitter.new(protocol_header: true)   # client -> server
    #   splitter.feed(bytes) { |frame| ... }
    #
    # Partial input is buffered until the frame is complete. A frame whose end
    # octet is not 0xCE raises FrameError (the stream is not AMQP).
    class FrameSplitter
      attr_reader :protocol_header

      def initialize(protocol_header: false)
        @expect_header = protocol_header
        @protocol_header = nil
        @buffer = String.new(encoding: Encoding::BINARY)
      end

      def feed(bytes)
        @buffer << bytes.b
        frames = []
        if @expect_header
          return frames if @buffer.bytesize < 8
          @protocol_header = @buffer.byteslice(0, 8)
          raise FrameError, "not an AMQP protocol header: #{@protocol_header.inspect}" unless @protocol_header.start_with?('AMQP')
          @buffer = @buffer.byteslice(8..) || String.new(encoding: Encoding::BINARY)
          @expect_header = false
        end
        loop do
          break if @buffer.bytesize < 7
          type, channel, size = @buffer.unpack('CnN')
          total = 7 + size + 1
          break if @buffer.bytesize < total
          end_octet = @buffer.getbyte(7 + size)
          raise FrameError, "bad frame end 0x#{end_octet.to_s(16)} (type #{type}, size #{size})" unless end_octet == FRAME_END
          frame = Frame.new(type, channel, @buffer.byteslice(7, size))
          @buffer = @buffer.byteslice(total..) || String.new(encoding: Encoding::BINARY)
          frames << frame
          yield frame if block_given?
        end
        frames
      end

      def pending_bytes
        @buffer.bytesize
      end
    end

    # Reads the primitive AMQP types from a binary string.
    class Reader
      def initialize(bytes)
        @bytes = bytes.b
        @pos = 0
        @bits = nil
      end

      def eof?
        @pos >= @bytes.bytesize
      end

      def take(n)
        raise FrameError, "truncated payload (need #{n} at #{@pos})" if @pos + n > @bytes.bytesize
        @bits = nil
        s = @bytes.byteslice(@pos, n)
        @pos += n
        s
      end

      def octet

        take(1).unpack1('C')

      end
      def short
        take(2).unpack1('n')
      end
      def long
        take(4).unpack1('N')
      end
      def longlong
        take(8).unpack1('Q>')
      end

      def shortstr
        utf8(take(octet))
      end

      def longstr_raw
        take(long)
      end

      # consecutive bit fields share one octet
      def bit
        if @bits.nil? || @bit_index > 7
          byte = take(1).unpack1('C')
          @bits = byte
          @bit_index = 0
        end
        v = (@bits >> @bit_index) & 1 == 1
        @bit_index += 1
        v
      end

      def table
        raw = take(long)
        Decoder.decode_table(raw)
      end

      def utf8(s)
        t = s.dup.force_encoding(Encoding::UTF_8)
        t.valid_encoding? ? t : s
      end
    end

    module Decoder
      module_function

      METHOD_NAMES = {
        [10, 10] => 'connection.start', [10, 11] => 'connection.start-ok',
        [10, 30] => 'connection.tune', [10, 31] => 'connection.tune-ok',
        [10, 40] => 'connection.open', [10, 41] => 'connection.open-ok',
        [10, 50] => 'connection.close', [10, 51] => 'connection.close-ok',
        [10, 60] => 'connection.blocked', [10, 61] => 'connection.unblocked',
        [20, 10] => 'channel.open', [20, 11] => 'channel.open-ok',
        [20, 20] => 'channel.flow', [20, 21] => 'channel.flow-ok',
        [20, 40] => 'channel.close', [20, 41] => 'channel.close-ok',
        [40, 10] => 'exchange.declare', [40, 11] => 'exchange.declare-ok',
        [40, 20] => 'exchange.delete', [40, 21] => 'exchange.delete-ok',
        [40, 30] => 'exchange.bind', [40, 40] => 'exchange.unbind',
        [50, 10] => 'queue.declare', [50, 11] => 'queue.declare-ok',
        [50, 20] => 'queue.bind', [50, 21] => 'queue.bind-ok',
        [50, 30] => 'queue.purge', [50, 31] => 'queue.purge-ok',
        [50, 40] => 'queue.delete', [50, 41] => 'queue.delete-ok',
        [50, 50] => 'queue.unbind', [50, 51] => 'queue.unbind-ok',
        [60, 10] => 'basic.qos', [60, 11] => 'basic.qos-ok',
        [60, 20] => 'basic.consume', [60, 21] => 'basic.consume-ok',
        [60, 30] => 'basic.cancel', [60, 31] => 'basic.cancel-ok',
        [60, 40] => 'basic.publish', [60, 50] => 'basic.return',
        [60, 60] => 'basic.deliver', [60, 70] => 'basic.get',
        [60, 71] => 'basic.get-ok', [60, 72] => 'basic.get-empty',
        [60, 80] => 'basic.ack', [60, 90] => 'basic.reject',
        [60, 100] => 'basic.recover-async', [60, 110] => 'basic.recover',
        [60, 111] => 'basic.recover-ok', [60, 120] => 'basic.nack',
        [85, 10] => 'confirm.select', [85, 11] => 'confirm.select-ok',
        [90, 10] => 'tx.select'
      }.freeze

      def method_name(payload)
        ids = payload.unpack('nn')
        METHOD_NAMES.fetch(ids) { "#{ids[0]}.#{ids[1]}" }
      end

      # Decodes a method payload into {"method" => name, fields...} with the
      # field names of the recorded-case format. Reserved `ticket` fields are
      # read and omitted. Methods the recorder does not inspect get only
      # their name.
      def decode_method(payload)
        r = Reader.new(payload)
        class_id = r.short
        method_id = r.short
        name = METHOD_NAMES.fetch([class_id, method_id]) { "#{class_id}.#{method_id}" }
        h = { 'method' => name }
        case name
        when 'connection.start'
          h['version_major'] = r.octet
          h['version_minor'] = r.octet
          h['server_properties'] = r.table
        when 'connection.close', 'channel.close'
          h['reply_code'] = r.short
          h['reply_text'] = r.shortstr
          h['class_id'] = r.short
          h['method_id'] = r.short
        when 'exchange.declare'
          r.short
          h['exchange'] = r.shortstr
          h['type'] = r.shortstr
          %w[passive durable auto_delete internal nowait].each { |k| h[k] = r.bit }
          h['arguments'] = r.table
        when 'queue.declare'
          r.short
          h['queue'] = r.shortstr
          %w[passive durable exclusive auto_delete nowait].each { |k| h[k] = r.bit }
          h['arguments'] = r.table
        when 'queue.bind'
          r.short
          h['queue'] = r.shortstr
          h['exchange'] = r.shortstr
          h['routing_key'] = r.shortstr
          h['nowait'] = r.bit
          h['arguments'] = r.table
        when 'basic.qos'
          h['prefetch_size'] = r.long
          h['prefetch_count'] = r.short
          h['global'] = r.bit
        when 'basic.consume'
          r.short
          h['queue'] = r.shortstr
          h['consumer_tag'] = r.shortstr
          %w[no_local no_ack exclusive nowait].each { |k| h[k] = r.bit }
          h['arguments'] = r.table
        when 'basic.publish'
          r.short
          h['exchange'] = r.shortstr
          h['routing_key'] = r.shortstr
          h['mandatory'] = r.bit
          h['immediate'] = r.bit
        when 'basic.deliver'
          h['consumer_tag'] = r.shortstr
          h['delivery_tag'] = r.longlong
          h['redelivered'] = r.bit
          h['exchange'] = r.shortstr
          h['routing_key'] = r.shortstr
        when 'basic.ack'
          h['delivery_tag'] = r.longlong
          h['multiple'] = r.bit
        when 'basic.reject'
          h['delivery_tag'] = r.longlong
          h['requeue'] = r.bit
        when 'basic.nack'
          h['delivery_tag'] = r.longlong
          h['multiple'] = r.bit
          h['requeue'] = r.bit
        end
        h
      end

      PROPERTY_NAMES = %w[content_type content_encoding headers delivery_mode priority
                          correlation_id reply_to expiration message_id timestamp type
                          user_id app_id cluster_id].freeze

      # Content header payload -> [body_size, properties], properties holding
      # only the flagged ones, in flag order, headers as a typed table.
      def decode_content_header(payload)
        r = Reader.new(payload)
        _class_id = r.short
        _weight = r.short
        body_size = r.longlong
        flags = r.short
        props = {}
        PROPERTY_NAMES.each_with_index do |name, i|
          next if (flags & (1 << (15 - i))).zero?
          props[name] =
            case name
            when 'headers' then r.table
            when 'delivery_mode', 'priority' then r.octet
            when 'timestamp' then r.longlong
            else r.shortstr
            end
        end
        [body_size, props]
      end

      def decode_table(raw)
        r = Reader.new(raw)
        pairs = []
        until r.eof?
          key = r.shortstr
          pairs << [key, decode_value(r)]
        end
        pairs
      end

      def decode_value(r)
        type = r.take(1)
        value =
          case type
          when 't' then r.octet != 0
          when 'b' then r.take(1).unpack1('c')
          when 'B' then r.octet
          when 's' then r.take(2).unpack1('s>')
          when 'u' then r.short
          when 'I' then r.take(4).unpack1('l>')
          when 'i' then r.long
          when 'l' then r.take(8).unpack1('q>')
          when 'f' then float_json(r.take(4).unpack1('g'))
          when 'd' then float_json(r.take(8).unpack1('G'))
          when 'D' then { 'scale' => r.octet, 'value' => r.take(4).unpack1('l>') }
          when 'S'
            s = r.longstr_raw
            u = s.dup.force_encoding(Encoding::UTF_8)
            u.valid_encoding? ? u : { 'base64' => Base64.strict_encode64(s) }
          when 'x' then Base64.strict_encode64(r.longstr_raw)
          when 'T' then r.longlong
          when 'V' then nil
          when 'A'
            ar = Reader.new(r.take(r.long))
            list = []
            list << decode_value(ar) until ar.eof?
            list
          when 'F' then r.table
          else raise FrameError, "unknown field type #{type.inspect}"
          end
        { 'type' => type, 'value' => value }
      end

      def float_json(f)
        return 'NaN' if f.nan?
        return (f.positive? ? 'Infinity' : '-Infinity') if f.infinite?
        f
      end
    end

    # Typed table (list of [key, {"type","value"}]) -> field-table bytes
    # (without the 4-byte length prefix).
    module TableEncoder
      module_function

      def encode_table(pairs)
        out = String.new(encoding: Encoding::BINARY)
        (pairs || []).each do |key, typed|
          k = key.to_s.b
          out << [k.bytesize].pack('C') << k << encode_value(typed)
        end
        out
      end

      def encode_value(typed)
        t = typed.fetch('type')
        v = typed['value']
        body =
          case t
          when 't' then [v ? 1 : 0].pack('C')
          when 'b' then [v].pack('c')
          when 'B' then [v].pack('C')
          when 's' then [v].pack('s>')
          when 'u' then [v].pack('n')
          when 'I' then [v].pack('l>')
          when 'i' then [v].pack('N')
          when 'l' then [v].pack('q>')
          when 'f' then [json_float(v)].pack('g')
          when 'd' then [json_float(v)].pack('G')
          when 'D' then [v['scale'], v['value']].pack('Cl>')
          when 'S'
            s = v.is_a?(Hash) ? Base64.strict_decode64(v['base64']) : v.to_s.b
            [s.bytesize].pack('N') + s
          when 'x'
            s = Base64.strict_decode64(v)
            [s.bytesize].pack('N') + s
          when 'T' then [v].pack('Q>')
          when 'V' then ''.b
          when 'A'
            inner = v.map { |e| encode_value(e) }.join.b
            [inner.bytesize].pack('N') + inner
          when 'F'
            inner = encode_table(v)
            [inner.bytesize].pack('N') + inner
          else raise ArgumentError, "unknown field type #{t.inspect}"
          end
        t.b + body.b
      end

      def json_float(v)
        case v
        when 'NaN' then Float::NAN
        when 'Infinity' then Float::INFINITY
        when '-Infinity' then -Float::INFINITY
        else Float(v)
        end
      end
    end
  end
end
