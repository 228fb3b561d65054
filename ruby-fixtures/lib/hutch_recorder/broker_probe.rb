# frozen_string_literal: true
#
# Gem-free helpers about the broker: parse an amqp:// URL and read the
# RabbitMQ version from connection.start (protocol header sent, first frame
# read, socket closed; no login).
require 'socket'
require 'uri'
require 'timeout'
require_relative 'amqp'
require_relative 'capture'

module HutchRecorder
  module BrokerProbe
    Url = Struct.new(:host, :port, :username, :password, :vhost, keyword_init: true)

    module_function

    def parse_url(url)
      u = URI.parse(url)
      raise ArgumentError, "not an amqp:// URL: #{url}" unless u.scheme == 'amqp'
      Url.new(host: u.host || '127.0.0.1', port: u.port || 5672,
              username: URI.decode_www_form_component(u.user || 'guest'),
              password: URI.decode_www_form_component(u.password || 'guest'),
              vhost: u.path.to_s.empty? || u.path == '/' ? nil : URI.decode_www_form_component(u.path.sub(%r{\A/}, '')))
    end

    def rabbitmq_version(host, port, timeout: 5)
      Timeout.timeout(timeout) do
        sock = TCPSocket.new(host, port)
        begin
          sock.write(AMQP::PROTOCOL_HEADER)
          splitter = AMQP::FrameSplitter.new
          20.times do
            frames = splitter.feed(sock.readpartial(65_536))
            f = frames.find { |x| x.method? && x.method_ids == [10, 10] }
            next unless f
            rec = RecordingProxy::Recorded.new(:server, 1, 1, f, Time.now.to_f) if defined?(RecordingProxy)
            rec ||= Struct.new(:direction, :connection, :seq, :frame, :at).new(:server, 1, 1, f, 0)
            return Capture.server_version([rec])
          end
          nil
        ensure
          sock.close
        end
      end
    rescue StandardError
      nil
    end
  end
end
