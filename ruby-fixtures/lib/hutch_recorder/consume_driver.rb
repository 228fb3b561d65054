# frozen_string_literal: true
#
# consume: what a real Hutch consumer (plain Hutch::Worker, or the worker as
# patched by hutch-schedule) does with one delivered message.
#
#   1. define the consumer class from input.consumer (its #process records
#      Hutch::Message's view, then calls requeue!/reject! or raises as asked);
#   2. Hutch.connect (or Hutch::Schedule.connect when input.schedule) and
#      Hutch::Worker#setup_queues, through the recording proxy;
#   3. produce the message: Hutch.publish (delivered_via "publish"), the
#      consumer's enqueue_in ("enqueue_in"), or a plain bunny connection
#      straight to the broker ("raw", for input Hutch would never publish);
#   4. read the basic.deliver the client got, the ack/nack/reject it sent, what
#      MaxRetry republished, and any channel.close from the broker.
#
# Chained end-to-end cases (input.chain) are not recorded here.

module HutchRecorder
  class ConsumeDriver
    NONDETERMINISTIC = %w[message_id timestamp consumer_tag x-death.time].freeze

    # Error handler that records the exceptions Hutch hands to error handlers.
    class RecordingErrorHandler
      @errors = []
      class << self
        attr_reader :errors
      end

      # Hutch passes the first `arity` arguments of
      # (properties, payload, consumer, ex[, delivery_info])
      def handle(_properties, _payload, _consumer, ex)
        self.class.errors << ex
      end
    end

    def initialize(driver)
      @d = driver
      @input = driver.input
      @seen = []
      @process_errors = []
    end

    def record
      proxy = @d.proxy
      spec = @input.fetch('consumer')
      klass = define_consumer(spec)
      handlers = Array(Hutch::Config[:error_handlers]) + [RecordingErrorHandler.new]
      Hutch::Config.set(:error_handlers, handlers)
      @input['schedule'] ? Hutch::Schedule.connect : Hutch.connect
      # an exception that escapes Hutch::Worker reaches bunny's consumer work
      # pool, which hands it to the channel's uncaught-exception handler
      # (public bunny API; the default handler only logs it)
      @pool_errors = []
      Hutch.broker.channel.on_uncaught_exception { |e, _consumer| @pool_errors << e }
      worker = Hutch::Worker.new(Hutch.broker, [klass], [])
      worker.setup_queues
      mark = proxy.size
      recorded_at = Time.now.to_f
      # what MaxRetry republishes may reach the proxy before produce returns (a
      # raw publish's own connection is still closing): count from before it
      @before_produce = proxy.size
      published = produce(klass)
      expected = observe(klass, mark, published)
      [expected, recorded_at]
    end

    private

    def define_consumer(spec)
      klass = @d.define_consumer(spec, enqueue: defined?(Hutch::Enqueue) ? true : false)
      seen = @seen
      errors = @process_errors
      calls = spec['calls']
      raises = spec['raises']
      klass.define_method(:process) do |message|
        seen << MessageView.of(message)
        case calls
        when 'requeue!' then requeue!
        when 'reject!' then reject!
        end
        if raises
          ex = Object.const_get(raises).new('recorded failure')
          errors << ex
          raise ex
        end
      end
      klass
    end

    def produce(klass)
      case (via = @input.fetch('delivered_via'))
      when 'publish'
        p = @input.fetch('publish')
        mark = @d.proxy.size
        Hutch.publish(p.fetch('routing_key'), p['message'], @d.symbolize_top(p['properties'] || {}))
        @d.wait_publishes(mark, 1)
        nil
      when 'enqueue_in'
        e = @input.fetch('enqueue_in')
        mark = @d.proxy.size
        klass.enqueue_in(e.fetch('interval'), e['message'], @d.symbolize_top(e['properties'] || {}))
        @d.wait_publishes(mark, 1).first
      when 'raw'
        raw_publish(@input.fetch('raw'))
        nil
      else
        raise Skip, "delivered_via #{via.inspect} is not supported"
      end
    end

    def raw_publish(raw)
      with_direct_channel do |ch|
        props = @d.symbolize_top(raw['properties'] || {})
        props[:routing_key] = raw.fetch('routing_key')
        ch.exchange(raw.fetch('exchange'), type: :topic, durable: true, passive: true)
          .publish(Base64.strict_decode64(raw.fetch('body_base64')), props)
      end
    end

    def with_direct_channel
      require 'bunny'
      h = @d.instance_variable_get(:@harness)
      conn = Bunny.new(host: h.host, port: h.port, username: h.username, password: h.password,
                       vhost: h.vhost, automatically_recover: false, logger: Logger.new(File::NULL))
      conn.start
      ch = conn.create_channel
      yield ch
    ensure
      conn&.close
    end

    # Server-to-client basic.deliver method frames since `mark`, as
    # [seq, delivery_tag] in order.
    def deliver_marks(frames)
      frames.select { |r| r.direction == :server && r.frame.method? && r.frame.method_ids == [60, 60] }
            .map { |r| [r.seq, AMQP::Decoder.decode_method(r.frame.payload)['delivery_tag']] }
    end

    def observe(klass, mark, published)
      proxy = @d.proxy
      delay = @input.dig('enqueue_in', 'interval').to_f
      # a chain case (input.chain.step = N) records the Nth delivery of one
      # message that keeps failing and comes back through MaxRetry and the
      # delay queues; every delivery takes at least one delay level (5 s)
      step = (@input.dig('chain', 'step') || 1).to_i
      deliveries = proxy.wait_for(timeout: 5 + delay * 1.5 + (step - 1) * 15) do |frames|
        d = Capture.deliveries(frames.drop(mark))
        d.size >= step ? d : nil
      end
      delivery = deliveries && deliveries[step - 1]
      if delivery && @input['chain']
        chain_total = wait_for_chain_end(mark)
        frames_all = proxy.frames
        marks = deliver_marks(frames_all.drop(mark))
        from_seq = marks[step - 1][0]
        to_seq = marks[step] ? marks[step][0] : Float::INFINITY
        @republish_window = ->(fr) { fr.select { |r| r.seq > from_seq && r.seq < to_seq } }
        @chain_total = chain_total
      end
      expected = {}
      unless delivery
        expected.merge!('delivery' => nil, 'message' => nil, 'failure_count' => nil, 'outcome' => 'none',
                        'error_class' => nil, 'acknowledgements' => [], 'republished' => [], 'delivered' => false)
        expected['published'] = published if published
        expected['nondeterministic'] = NONDETERMINISTIC
        return expected
      end
      tag = delivery['delivery_tag']
      calls = @input.dig('consumer', 'calls')
      # the outcome: wait for an ack/nack/reject of this delivery, then let
      # the worker finish (a second frame, a republish, a channel.close)
      proxy.wait_for(timeout: 3) do |frames|
        Capture.acknowledgements(frames.drop(mark)).any? { |a| a['delivery_tag'] == tag }
      end
      wait_for_error_handlers(step)
      sleep 0.5
      redelivery = nil
      if calls == 'requeue!'
        redelivery = proxy.wait_for(timeout: 3) do |frames|
          Capture.deliveries(frames.drop(mark)).find { |x| x['redelivered'] }
        end
        redelivery ||= redelivered_via_get(klass)
      end
      frames = proxy.frames.drop(mark)
      acks = Capture.acknowledgements(frames).select { |a| a['delivery_tag'] == tag }
      republished = @republish_window ? Capture.publishes(@republish_window.call(proxy.frames)) : republishes(proxy.frames)
      errors = RecordingErrorHandler.errors + @process_errors
      errors = [errors[step - 1]].compact if @input['chain']
      pool_error = pool_error_class
      error_class = errors.first&.class&.name || pool_error
      expected['delivery'] = delivery
      expected['message'] = @seen[step - 1]
      expected['failure_count'] = failure_count(klass, delivery)
      expected['outcome'] = outcome(acks)
      expected['error_class'] = error_class
      expected['acknowledgements'] = acks
      if errors.empty? && pool_error
        expected['error_raised_in'] = 'Bunny consumer work pool (exception escaped Hutch::Worker, message never acknowledged)'
      end
      expected['requeued_redelivery'] = { 'redelivered' => redelivery['redelivered'], 'routing_key' => redelivery['routing_key'] } if redelivery
      expected['republished'] = republished
      closes = Capture.server_closes(frames)
      expected['server_close'] = closes unless closes.empty?
      expected['published'] = published if published
      expected['chain_deliveries'] = @chain_total if @input['chain']
      expected['nondeterministic'] = NONDETERMINISTIC
      expected
    end

    # After a handler raised, the worker runs the error handlers after the nack
    # (MaxRetry republishes from there): wait until the recording handler, the
    # last one, has seen the error — bounded, since an error handler that raises
    # stops the chain before it.
    def wait_for_error_handlers(step)
      return if @process_errors.size < step
      deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 3
      until RecordingErrorHandler.errors.size >= step || Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
        sleep 0.02
      end
      return unless Array(@input.dig('config', 'error_handlers')).any? { |h| h.end_with?('MaxRetry') }
      # a republish of a large body is still on its way through the proxy
      @d.proxy.wait_for(timeout: 2) { |frames| republishes(frames).size >= step }
    end

    # The publishes since the message was produced, without the one that produced
    # it (Hutch.publish or enqueue_in go through the proxy; a raw publish does not).
    def republishes(frames)
      pubs = Capture.publishes(frames.drop(@before_produce))
      @input['delivered_via'] == 'raw' ? pubs : pubs.drop(1)
    end

    # Waits until no new delivery arrives for longer than the 5 s delay
    # level plus MaxRetry's time (bounded: 90 s); returns how many there were.
    def wait_for_chain_end(mark)
      deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 90
      count = Capture.deliveries(@d.proxy.frames.drop(mark)).size
      loop do
        more = @d.proxy.wait_for(timeout: 9) do |frames|
          n = Capture.deliveries(frames.drop(mark)).size
          n > count ? n : nil
        end
        return count unless more
        count = more
        return count if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
      end
    end

    def redelivered_via_get(klass)
      queue = Capture.declarations(@d.proxy.frames).first.reverse.find { |x| x['method'] == 'queue.declare' }&.dig('queue')
      return nil unless queue
      with_direct_channel do |ch|
        info, _props, _body = ch.basic_get(queue, manual_ack: false)
        info && { 'redelivered' => info.redelivered?, 'routing_key' => info.routing_key }
      end
    rescue StandardError
      nil
    end

    def pool_error_class
      @pool_errors.first&.class&.name
    end

    def outcome(acks)
      a = acks.first
      return 'none' unless a
      case a['method']
      when 'basic.ack' then 'ack'
      when 'basic.nack' then a['requeue'] ? 'requeue' : 'nack'
      when 'basic.reject' then a['requeue'] ? 'requeue' : 'reject'
      end
    end

    # MaxRetry#failure_count for the delivered headers (as bunny decodes them)
    def failure_count(klass, delivery)
      begin
        require 'hutch/error_handlers/max_retry' unless defined?(Hutch::ErrorHandlers::MaxRetry)
      rescue LoadError
        return nil
      end
      headers = delivery.dig('properties', 'headers')
      Hutch::ErrorHandlers::MaxRetry.new.failure_count(headers && @d.bunny_table(headers), klass)
    rescue StandardError
      nil
    end
  end
end
