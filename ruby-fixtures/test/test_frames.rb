# frozen_string_literal: true
require_relative 'test_helper'

# Frame splitting and decoding, checked against the bundled corpus (recorded
# from the real gems): no gem needed.
class FrameSplitterTest < Minitest::Test
  include TestPaths
  A = HutchRecorder::AMQP

  def sample_frames
    corpus_cases('publish').first['expected']['frames'].map { |h| frame(h) }
  end

  def test_protocol_header_then_frames_in_one_chunk
    frames = sample_frames
    s = A::FrameSplitter.new(protocol_header: true)
    out = s.feed(A::PROTOCOL_HEADER + frames.map { |f| wire(f) }.join)
    assert_equal A::PROTOCOL_HEADER, s.protocol_header
    assert_equal frames, out
    assert_equal 0, s.pending_bytes
  end

  def test_byte_by_byte
    frames = sample_frames
    bytes = A::PROTOCOL_HEADER + frames.map { |f| wire(f) }.join
    s = A::FrameSplitter.new(protocol_header: true)
    got = []
    bytes.each_char { |c| s.feed(c) { |f| got << f } }
    assert_equal frames, got
  end

  def test_server_side_has_no_protocol_header
    f = sample_frames.first
    assert_equal [f], A::FrameSplitter.new.feed(wire(f))
  end

  def test_bad_frame_end_raises
    bad = wire(sample_frames.first)
    bad.setbyte(bad.bytesize - 1, 0x00)
    assert_raises(A::FrameError) { A::FrameSplitter.new.feed(bad) }
  end

  def test_not_amqp_raises
    assert_raises(A::FrameError) { A::FrameSplitter.new(protocol_header: true).feed('GET / HTTP/1.1') }
  end

  def test_incomplete_frame_is_buffered
    w = wire(sample_frames.first)
    s = A::FrameSplitter.new
    assert_empty s.feed(w[0, 5])
    assert_equal 5, s.pending_bytes
    assert_equal 1, s.feed(w[5..]).size
  end
end

class DecoderTest < Minitest::Test
  include TestPaths
  D = HutchRecorder::AMQP::Decoder
  E = HutchRecorder::AMQP::TableEncoder

  # every publish-like case of the corpus: decoding Ruby's frames gives the
  # recorded exchange, routing key, properties and body
  def test_publish_frames_decode_to_the_recorded_fields
    cases = %w[publish enqueue enqueue_in enqueue_at].flat_map { |k| corpus_cases(k) }
    refute_empty cases
    cases.each do |c|
      e = c['expected']
      pub = HutchRecorder::Capture.publishes(recorded(e['frames'], :client)).first
      assert pub, c['id']
      %w[exchange routing_key mandatory immediate properties body_base64 frames].each do |k|
        assert_equal e[k], pub[k], "#{c['id']}: #{k}"
      end
    end
  end

  def test_topology_frames_decode_to_the_recorded_declarations
    corpus_cases('topology').each do |c|
      decls, frames = HutchRecorder::Capture.declarations(recorded(c['expected']['frames'], :client))
      assert_equal c['expected']['declarations'], decls, c['id']
      assert_equal c['expected']['frames'], frames, c['id']
    end
  end

  def test_deliveries_decode_to_the_recorded_delivery
    corpus_cases('consume').each do |c|
      d = c['expected']['delivery'] or next
      got = HutchRecorder::Capture.deliveries(recorded(d['frames'], :server)).first
      assert_equal d, got, c['id']
    end
  end

  def test_typed_tables_round_trip
    corpus_cases('retry').each do |c|
      next unless c['input']['headers']
      raw = E.encode_table(c['input']['headers'])
      assert_equal c['input']['headers'], D.decode_table(raw), c['id']
    end
  end

  def test_every_field_type_round_trips
    table = [
      ['t', { 'type' => 't', 'value' => true }], ['b', { 'type' => 'b', 'value' => -3 }],
      ['B', { 'type' => 'B', 'value' => 200 }], ['s', { 'type' => 's', 'value' => -300 }],
      ['u', { 'type' => 'u', 'value' => 60_000 }], ['I', { 'type' => 'I', 'value' => -70_000 }],
      ['i', { 'type' => 'i', 'value' => 4_000_000_000 }], ['l', { 'type' => 'l', 'value' => -(2**62) }],
      ['f', { 'type' => 'f', 'value' => 1.5 }], ['d', { 'type' => 'd', 'value' => 'NaN' }],
      ['D', { 'type' => 'D', 'value' => { 'scale' => 2, 'value' => 12_345 } }],
      ['S', { 'type' => 'S', 'value' => 'ü' }], ['Sb', { 'type' => 'S', 'value' => { 'base64' => '//4=' } }],
      ['x', { 'type' => 'x', 'value' => 'AAEC' }], ['T', { 'type' => 'T', 'value' => 1_795_700_000 }],
      ['V', { 'type' => 'V', 'value' => nil }],
      ['A', { 'type' => 'A', 'value' => [{ 'type' => 'l', 'value' => 1 }, { 'type' => 'V', 'value' => nil }] }],
      ['F', { 'type' => 'F', 'value' => [['k', { 'type' => 'S', 'value' => 'v' }], ['k', { 'type' => 'l', 'value' => 2 }]] }]
    ]
    assert_equal table, D.decode_table(E.encode_table(table))
  end

  def test_server_version_from_connection_start
    props = [['product', { 'type' => 'S', 'value' => 'RabbitMQ' }], ['version', { 'type' => 'S', 'value' => '3.10.8' }]]
    t = E.encode_table(props)
    payload = [10, 10, 0, 9].pack('nnCC') + [t.bytesize].pack('N') + t + [5].pack('N') + 'PLAIN' + [5].pack('N') + 'en_US'
    r = [HutchRecorder::RecordingProxy::Recorded.new(:server, 1, 1, HutchRecorder::AMQP::Frame.new(1, 0, payload), 0)]
    assert_equal '3.10.8', HutchRecorder::Capture.server_version(r)
  end

  private

  def recorded(frames, direction)
    frames.each_with_index.map do |h, i|
      HutchRecorder::RecordingProxy::Recorded.new(direction, 1, i, frame(h), 0)
    end
  end
end
