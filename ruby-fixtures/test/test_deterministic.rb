# frozen_string_literal: true
require_relative 'test_helper'
require 'open3'
require 'rbconfig'
require 'tmpdir'
require 'fileutils'
require 'hutch_recorder/deterministic'

# record.rb --deterministic: ids, the frozen clock and the x-death
# normalisation. No gem.
class DeterministicTest < Minitest::Test
  include TestPaths
  D = HutchRecorder::Deterministic
  UUID_V4 = /\A[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\z/

  def test_ids_are_uuid_v4_shaped_and_depend_on_case_and_position_only
    ids = (1..50).map { |n| D.uuid_for('publish/x', n) }
    ids.each { |id| assert_match UUID_V4, id }
    assert_equal ids.uniq, ids
    assert_equal ids, (1..50).map { |n| D.uuid_for('publish/x', n) }
    refute_equal D.uuid_for('publish/x', 1), D.uuid_for('publish/y', 1)
  end

  # In a child process: install! changes Time.now and SecureRandom.uuid for good.
  def test_install_freezes_the_clock_and_sequences_uuids
    script = <<~RUBY
      require 'hutch_recorder/deterministic'
      HutchRecorder::Deterministic.install!('consume/a')
      t1 = Time.now; sleep 0.01
      puts [t1.to_f, Time.now.to_i, Time.now(in: '+09:00').utc_offset, SecureRandom.uuid, SecureRandom.uuid].join(' ')
    RUBY
    out, status = Open3.capture2e(RbConfig.ruby, '-I', File.join(FIXTURES, 'lib'), '-e', script)
    assert status.success?, out
    t, ti, offset, u1, u2 = out.split
    assert_equal [D::EPOCH.to_f.to_s, D::EPOCH.to_s, '32400'], [t, ti, offset]
    assert_equal [D.uuid_for('consume/a', 1), D.uuid_for('consume/a', 2)], [u1, u2]
  end

  # bunny's continuation queue times out on Time.now deadlines: it keeps the real
  # clock, or a reply that never comes (a closed channel) would hang the case.
  def test_bunny_continuation_queue_keeps_the_real_clock
    dir = Dir.mktmpdir
    FileUtils.mkdir_p(File.join(dir, 'bunny', 'concurrent'))
    File.write(File.join(dir, 'bunny', 'concurrent', 'continuation_queue.rb'), "module ProbeQueue; def self.now = Time.now; end\n")
    script = <<~RUBY
      require 'hutch_recorder/deterministic'
      HutchRecorder::Deterministic.install!('consume/a')
      require 'bunny/concurrent/continuation_queue'
      puts [Time.now.to_i, ProbeQueue.now.to_i].join(' ')
    RUBY
    out, status = Open3.capture2e(RbConfig.ruby, '-I', File.join(FIXTURES, 'lib'), '-I', dir, '-e', script)
    assert status.success?, out
    frozen, real = out.split.map(&:to_i)
    assert_equal D::EPOCH, frozen
    assert_in_delta Time.now.to_i, real, 60
  ensure
    FileUtils.rm_rf(dir) if dir
  end

  def test_x_death_times_are_normalised_in_headers_and_frames
    real = 1_796_556_594
    entry = ->(t) { ['time', { 'type' => 'T', 'value' => t }] }
    headers = [
      ['time', { 'type' => 'T', 'value' => 42 }], # the app's own header: kept
      ['x-death', { 'type' => 'A', 'value' => [{ 'type' => 'F', 'value' => [['count', { 'type' => 'l', 'value' => 1 }], entry.call(real)] }] }]
    ]
    hex = ->(t) { D.time_entry_hex(t) }
    expected = { 'delivery' => { 'properties' => { 'headers' => headers },
                                 'frames' => [{ 'type' => 2, 'channel' => 1, 'payload_hex' => "00#{hex.call(42)}ff#{hex.call(real)}00" }] } }
    D.normalise!(expected)
    got = expected['delivery']['properties']['headers']
    assert_equal 42, got[0][1]['value']
    assert_equal D::EPOCH, got[1][1]['value'][0]['value'][1][1]['value']
    assert_equal "00#{hex.call(42)}ff#{hex.call(D::EPOCH)}00", expected['delivery']['frames'][0]['payload_hex']
  end

  def test_time_entry_hex_is_the_table_encoding
    assert_equal '0474696d6554000000006b49d200', D.time_entry_hex(1_800_000_000)
  end
end
