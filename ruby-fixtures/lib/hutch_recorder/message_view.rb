# frozen_string_literal: true

require 'json'

module HutchRecorder
  # Hutch::Message as the format records it (`expected.message`): routing key,
  # exchange, message id, timestamp, the body as Ruby writes it back to JSON and
  # the body's Ruby class — or, when Ruby cannot write the body as JSON (invalid
  # UTF-8, say), `body_unserializable` and Ruby's `inspect` of it.
  module MessageView
    def self.of(message)
      body = message.body
      timestamp = message.properties[:timestamp]
      view = {
        'routing_key' => message.routing_key,
        'exchange' => message.exchange,
        'message_id' => message.message_id,
        'timestamp' => timestamp.is_a?(Time) ? timestamp.to_i : timestamp,
        'body' => nil,
        'body_class' => body.class.name
      }
      begin
        view['body'] = JSON.parse(JSON.generate(body, quirks_mode: true))
      rescue StandardError
        view['body_unserializable'] = true
        view['body_inspect'] = body.inspect
      end
      view
    end
  end
end
