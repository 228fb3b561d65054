# frozen_string_literal: true
#
# record.rb --deterministic: the same behaviour recorded twice gives the same
# bytes. In the recording child (one case per process):
#
# * the clock is frozen at EPOCH (`Time.now`; Hutch's message timestamp is
#   `Time.now.to_i`, `recorded_at` and enqueue_at's `now` come from it too);
# * `SecureRandom.uuid` (Hutch's message ids and consumer tags) answers a
#   sequence derived from the case id, still lowercase RFC 4122 version-4
#   shaped;
# * what only the broker decides is normalised afterwards: the `time` of
#   each `x-death` entry (the broker's clock when it dead-lettered) becomes
#   EPOCH, in the typed headers and in the frame bytes alike (an 8-byte
#   timestamp replaced by another, so the frames stay valid).
#
# The frozen clock never advances, so bunny sends no heartbeats and its
# continuation timeouts do not fire: record.rb's own --timeout still bounds
# each case.
require 'securerandom'
require 'digest'

module HutchRecorder
  module Deterministic
    # 2027-01-15T08:00:00Z
    EPOCH = 1_800_000_000

    # Time.now, frozen — except for bunny's continuation queue, whose
    # timeouts are deadlines on Time.now: with a frozen clock a reply that
    # never comes (a channel the broker closed) would be waited for forever.
    module FrozenNow
      REAL_CLOCK_CALLERS = %w[bunny/concurrent/continuation_queue.rb].freeze

      def now(**kwargs)
        path = caller_locations(1, 1).first&.path.to_s
        return super if REAL_CLOCK_CALLERS.any? { |c| path.end_with?(c) }
        Time.at(Deterministic::EPOCH, **kwargs)
      end
    end

    # SecureRandom.uuid, from a per-case sequence.
    module SequentialUUID
      def uuid
        Deterministic.next_uuid
      end
    end

    @mutex = Mutex.new
    @seed = nil
    @count = 0

    module_function

    # Installs the frozen clock and the id sequence for the case `seed`.
    def install!(seed)
      @mutex.synchronize do
        @seed = seed
        @count = 0
      end
      Time.singleton_class.prepend(FrozenNow)
      SecureRandom.singleton_class.prepend(SequentialUUID)
    end

    def next_uuid
      n = @mutex.synchronize { @count += 1 }
      uuid_for(@seed, n)
    end

    # The n-th id of `seed`: SHA-256 of "seed/n", version and variant bits
    # set as in a random (version 4) UUID.
    def uuid_for(seed, n)
      hex = Digest::SHA256.hexdigest("#{seed}/#{n}")[0, 32]
      hex[12] = '4'
      hex[16] = ((hex[16].to_i(16) & 0x3) | 0x8).to_s(16)
      [hex[0, 8], hex[8, 4], hex[12, 4], hex[16, 4], hex[20, 12]].join('-')
    end

    # Replaces each x-death `time` in `expected` (typed headers and frames)
    # by EPOCH; returns `expected`.
    def normalise!(expected)
      times = []
      each_x_death_entry(expected) do |pair|
        value = pair[1]
        next unless pair[0] == 'time' && value.is_a?(Hash) && value['type'] == 'T'
        times << value['value'] unless value['value'] == EPOCH
        value['value'] = EPOCH
      end
      return expected if times.empty?
      replacements = times.uniq.map { |t| [time_entry_hex(t), time_entry_hex(EPOCH)] }
      each_frame(expected) do |frame|
        replacements.each { |from, to| frame['payload_hex'] = frame['payload_hex'].gsub(from, to) }
      end
      expected
    end

    # "time" as a table key (length octet + name), type T, 8-byte seconds.
    def time_entry_hex(seconds)
      ([4].pack('C') + 'time' + 'T' + [seconds].pack('Q>')).unpack1('H*')
    end

    def each_x_death_entry(node, inside: false, &block)
      case node
      when Array
        if node.size == 2 && node[0] == 'x-death' && node[1].is_a?(Hash)
          each_x_death_entry(node[1], inside: true, &block)
        elsif inside && node.size == 2 && node[0].is_a?(String) && node[1].is_a?(Hash) && node[1].key?('type')
          yield node
          each_x_death_entry(node[1], inside: true, &block)
        else
          node.each { |x| each_x_death_entry(x, inside: inside, &block) }
        end
      when Hash
        node.each_value { |x| each_x_death_entry(x, inside: inside, &block) }
      end
    end

    def each_frame(node, &block)
      case node
      when Array then node.each { |x| each_frame(x, &block) }
      when Hash
        node.key?('payload_hex') && node['payload_hex'].is_a?(String) ? yield(node) : node.each_value { |x| each_frame(x, &block) }
      end
    end
  end
end
