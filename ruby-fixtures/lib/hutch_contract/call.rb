# frozen_string_literal: true

module HutchContract
  # Raised when an app's call cannot be written as a case input (a value the
  # JSON case format cannot hold, say), naming the call and the value.
  class CaptureError < StandardError; end

  # One publishing call the app made while captured, in the case-input
  # vocabulary (JSON values, string keys). No gem needed.
  #
  # kind: "publish", "enqueue", "enqueue_in" or "enqueue_at"; test: the test
  # that made it; index: its position among that test's calls (1-based);
  # config: the wire-relevant Hutch::Config values that differ from the
  # defaults; consumer: the consumer spec (enqueue*); routing_key: where it
  # goes (for enqueue*: the consumer's enqueue routing key); delay_level: the
  # hutch-schedule delay level (enqueue_in / enqueue_at); body_base64: the
  # bytes the serializer produced.
  Call = Struct.new(:kind, :test, :index, :config, :hutch_schedule_loaded, :routing_key, :message,
                    :properties, :serializer, :global_properties, :global_properties_proc, :consumer,
                    :interval, :at, :now, :delay_level, :body_base64, keyword_init: true)
end
