# frozen_string_literal: true
require_relative 'test_helper'
require_relative '../peer'

# peer.rb's options: the broker URL comes from HUTCH_PEER_URL, so that a password
# never has to be on the command line (where `ps` shows it).
class PeerOptionsTest < Minitest::Test
  def with_env(value)
    old = ENV['HUTCH_PEER_URL']
    value ? ENV['HUTCH_PEER_URL'] = value : ENV.delete('HUTCH_PEER_URL')
    yield
  ensure
    old ? ENV['HUTCH_PEER_URL'] = old : ENV.delete('HUTCH_PEER_URL')
  end

  def url_of(peer)
    peer.instance_variable_get(:@opts)[:url]
  end

  def test_the_url_comes_from_the_environment
    with_env('amqp://app:s3cret@127.0.0.1:5999/') do
      assert_equal 'amqp://app:s3cret@127.0.0.1:5999/', url_of(HutchRecorder::Peer.new([]))
    end
  end

  def test_url_on_the_command_line_still_wins
    with_env('amqp://app:s3cret@127.0.0.1:5999/') do
      assert_equal 'amqp://other@127.0.0.1:1/', url_of(HutchRecorder::Peer.new(['--url', 'amqp://other@127.0.0.1:1/']))
    end
  end

  def test_default_without_either
    with_env(nil) { assert_equal 'amqp://guest:guest@127.0.0.1:5672/', url_of(HutchRecorder::Peer.new([])) }
  end
end
