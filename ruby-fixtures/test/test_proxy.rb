# frozen_string_literal: true
require_relative 'test_helper'
require 'socket'

# The recording proxy against a fake upstream on loopback: no gem, no broker.
class RecordingProxyTest < Minitest::Test
  include TestPaths
  A = HutchRecorder::AMQP

  def setup
    @upstream = TCPServer.new('127.0.0.1', 0)
    @received = Queue.new
    @upstream_thread = Thread.new do
      s = @upstream.accept
      data = String.new(encoding: Encoding::BINARY)
      data << s.readpartial(65_536) until data.bytesize >= @expect_bytes
      @received << data
      s.write(@reply)
      s.close_write
      s.read
      s.close
    rescue IOError, EOFError
      nil
    end
  end

  def teardown
    @proxy&.stop
    @upstream.close
    @upstream_thread.join(2)
  end

  def test_forwards_both_ways_and_records_frames
    client_frames = corpus_cases('publish').first['expected']['frames'].map { |h| frame(h) }
    server_frames = corpus_cases('consume').find { |c| c['expected']['delivery'] }['expected']['delivery']['frames'].map { |h| frame(h) }
    sent = A::PROTOCOL_HEADER + client_frames.map { |f| wire(f) }.join
    @reply = server_frames.map { |f| wire(f) }.join
    @expect_bytes = sent.bytesize
    @proxy = HutchRecorder::RecordingProxy.new(upstream_host: '127.0.0.1', upstream_port: @upstream.addr[1])
    port = @proxy.start
    c = TCPSocket.new('127.0.0.1', port)
    c.write(sent)
    got = String.new(encoding: Encoding::BINARY)
    got << c.readpartial(65_536) until got.bytesize >= @reply.bytesize
    assert_equal sent, @received.pop
    assert_equal @reply, got
    done = @proxy.wait_for(timeout: 5) { |f| f.size >= client_frames.size + server_frames.size }
    assert done, 'all frames recorded'
    assert_equal client_frames, @proxy.frames.select { |r| r.direction == :client }.map(&:frame)
    assert_equal server_frames, @proxy.frames.select { |r| r.direction == :server }.map(&:frame)
    assert_empty @proxy.errors
    c.close
  end

  def test_refuses_non_loopback_listen_address
    assert_raises(ArgumentError) do
      HutchRecorder::RecordingProxy.new(upstream_host: '127.0.0.1', upstream_port: 1, listen_host: '0.0.0.0')
    end
  end
end
