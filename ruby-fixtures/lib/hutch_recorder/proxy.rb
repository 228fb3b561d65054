# frozen_string_literal: true
#
# A loopback TCP proxy that records every AMQP frame between a client (the
# real gems) and the broker. It listens on 127.0.0.1 (port 0 = any free port),
# opens one upstream connection per accepted client, forwards bytes both ways
# unchanged and splits each direction into frames.
#
#   proxy = HutchRecorder::RecordingProxy.new(upstream_host: '127.0.0.1', upstream_port: 5682)
#   proxy.start                      # => listening port
#   ... point the client at 127.0.0.1:proxy.port ...
#   proxy.frames                     # => [Recorded(direction, connection, seq, frame), ...]
#   proxy.stop
require 'socket'
require_relative 'amqp'

module HutchRecorder
  class RecordingProxy
    # direction: :client (client -> server) or :server (server -> client)
    Recorded = Struct.new(:direction, :connection, :seq, :frame, :at)

    attr_reader :port, :errors

    def initialize(upstream_host:, upstream_port:, listen_host: '127.0.0.1', max_connections: 16)
      raise ArgumentError, 'the proxy only listens on loopback' unless %w[127.0.0.1 ::1 localhost].include?(listen_host)
      @upstream_host = upstream_host
      @upstream_port = upstream_port
      @listen_host = listen_host
      @max_connections = max_connections
      @frames = []
      @errors = []
      @mutex = Mutex.new
      @cond = ConditionVariable.new
      @threads = []
      @sockets = []
      @seq = 0
      @connections = 0
    end

    def start
      @server = TCPServer.new(@listen_host, 0)
      @port = @server.addr[1]
      @accept_thread = Thread.new { accept_loop }
      @port
    end

    def stop
      @stopping = true
      begin
        @server&.close
      rescue IOError
        nil
      end
      @mutex.synchronize { @sockets.dup }.each do |s|
        s.close
      rescue IOError
        nil
      end
      (@threads + [@accept_thread]).compact.each { |t| t.join(2) }
    end

    # A copy of everything recorded so far.
    def frames
      @mutex.synchronize { @frames.dup }
    end

    def size
      @mutex.synchronize { @frames.size }
    end

    # Frames recorded from index `from` on, optionally one direction only.
    def frames_since(from, direction: nil)
      frames.drop(from).select { |r| direction.nil? || r.direction == direction }
    end

    # Waits (at most `timeout` seconds) until the block, given the recorded
    # frames, returns a truthy value; returns that value or nil on timeout.
    def wait_for(timeout: 5)
      deadline = monotonic + timeout
      @mutex.synchronize do
        loop do
          result = yield(@frames.dup)
          return result if result
          remaining = deadline - monotonic
          return nil if remaining <= 0
          @cond.wait(@mutex, [remaining, 0.05].min)
        end
      end
    end

    private

    def monotonic
      Process.clock_gettime(Process::CLOCK_MONOTONIC)
    end

    def accept_loop
      @max_connections.times do
        client = @server.accept
        upstream = TCPSocket.new(@upstream_host, @upstream_port)
        conn = (@connections += 1)
        @mutex.synchronize { @sockets.push(client, upstream) }
        @threads << Thread.new { pump(client, upstream, :client, conn) }
        @threads << Thread.new { pump(upstream, client, :server, conn) }
      end
    rescue IOError, Errno::EBADF, Errno::EINVAL
      nil # server closed
    rescue StandardError => e
      @mutex.synchronize { @errors << "accept: #{e.class}: #{e.message}" }
    end

    def pump(from, to, direction, conn)
      splitter = AMQP::FrameSplitter.new(protocol_header: direction == :client)
      loop do
        data = from.readpartial(65_536)
        begin
          splitter.feed(data) { |frame| record(direction, conn, frame) }
        rescue AMQP::FrameError => e
          @mutex.synchronize { @errors << "#{direction}: #{e.message}" }
        end
        to.write(data)
      end
    rescue EOFError, IOError, Errno::ECONNRESET, Errno::EPIPE, Errno::EBADF
      begin
        to.close_write
      rescue IOError, Errno::ENOTCONN, Errno::EBADF
        nil
      end
    end

    def record(direction, conn, frame)
      @mutex.synchronize do
        @frames << Recorded.new(direction, conn, (@seq += 1), frame, Time.now.to_f)
        @cond.broadcast
      end
    end
  end
end
