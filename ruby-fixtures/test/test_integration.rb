# frozen_string_literal: true
require_relative 'test_helper'
require 'open3'
require 'rbconfig'
require 'timeout'

# Integration: the real gems against a real broker. These need
#   * hutch (and hutch-schedule) loadable: `bundle exec ruby ruby-fixtures/test/run.rb`
#     or `ruby -I .../hutch/lib -I .../hutch-schedule/lib ruby-fixtures/test/run.rb`
#   * HUTCH_TEST_BROKER_URL, e.g. amqp://guest:guest@127.0.0.1:5682/
#   * optionally HUTCH_RECORDER_CTL (e.g. "scripts/broker.sh ctl") so that
#     record.rb can create its vhost; without it the recordings go to "/".
#   * optionally HUTCH_CONFORMANCE_BIN (default .build/debug/hutch-conformance)
#     to check the recordings with the Swift checker.
# Without the gems or the broker every test here is SKIPPED with the reason.
class IntegrationTest < Minitest::Test
  include TestPaths

  def self.gem_problem
    return @gem_problem if defined?(@gem_problem)
    @gem_problem =
      begin
        require 'hutch'
        nil
      rescue LoadError => e
        "hutch gem not installed: #{e.message.lines.first.strip}"
      end
  end

  def setup
    problem = self.class.gem_problem
    skip problem if problem
    @url = ENV['HUTCH_TEST_BROKER_URL']
    skip 'HUTCH_TEST_BROKER_URL not set (e.g. amqp://guest:guest@127.0.0.1:5682/)' if @url.to_s.empty?
    u = HutchRecorder::BrokerProbe.parse_url(@url)
    skip "no broker at #{u.host}:#{u.port}" unless HutchRecorder::BrokerProbe.rabbitmq_version(u.host, u.port)
  end

  def ruby_cmd(script, *args)
    [RbConfig.ruby, File.join(FIXTURES, script), *args]
  end

  def child_env
    { 'RUBYLIB' => $LOAD_PATH.join(File::PATH_SEPARATOR) }
  end

  def record(out, only)
    args = ['--out', out, '--url', @url, '--only', only]
    if (ctl = ENV['HUTCH_RECORDER_CTL']) && !ctl.empty?
      args += ['--ctl', ctl, '--vhost', 'hutch-recorder-test']
    else
      args += ['--vhost', '/']
    end
    out_s, status = Open3.capture2e(child_env, *ruby_cmd('record.rb', *args))
    [out_s, status]
  end

  def test_record_publish_topology_and_delay_levels
    Dir.mktmpdir do |out|
      log, status = record(out, 'publish/basic-hash,publish/headers-all-types,topology/default-consumer,delay_level/levels,queue_name/samples')
      assert status.success?, log
      assert_match(/5 recorded, 0 skipped, 0 failed/, log)
      doc = JSON.parse(File.read(File.join(out, 'publish', 'basic-hash.json')))
      assert_equal 'hutch-conformance/1', doc['format']
      assert_equal Hutch::VERSION, doc['recorded_with']['hutch']
      assert_equal 'eyJpZCI6MSwidG90YWwiOjkuNX0=', doc['expected']['body_base64']
      h = JSON.parse(File.read(File.join(out, 'publish', 'headers-all-types.json')))
      want = JSON.parse(File.read(File.join(CORPUS, 'publish', 'headers-all-types.json')))
      assert_equal want['expected']['properties']['headers'], h['expected']['properties']['headers']
      swift_check(out)
    end
  end

  def test_unsupported_kind_is_skipped_with_a_reason
    Dir.mktmpdir do |d|
      File.write(File.join(d, 'x.json'), JSON.generate('id' => 'mystery/one', 'kind' => 'mystery', 'input' => {}))
      log, status = Open3.capture2e(child_env, *ruby_cmd('record.rb', '--cases', d, '--out', File.join(d, 'out'), '--url', @url, '--vhost', '/'))
      assert status.success?, log
      assert_match(/skipped\s+mystery\/one: kind "mystery" is not supported/, log)
    end
  end

  def test_peer_consumes_and_publishes
    Dir.mktmpdir do |d|
      spec = File.join(d, 'spec.json')
      File.write(spec, JSON.generate(
        'consumers' => [{ 'class_name' => 'PeerTestConsumer', 'routing_keys' => ['peer.test.*'] }],
        'publish' => [{ 'id' => 'm1', 'routing_key' => 'peer.test.one', 'message' => { 'a' => 1 },
                        'properties' => { 'headers' => { 'h' => 1.5 } } }]
      ))
      report = File.join(d, 'report.jsonl')
      vhost = HutchRecorder::BrokerProbe.parse_url(@url).vhost || '/'
      events = []
      # The URL goes through the environment, as hutch-conformance passes it: never in `ps`.
      Open3.popen3(child_env.merge('HUTCH_PEER_URL' => @url),
                   *ruby_cmd('peer.rb', '--vhost', vhost, '--spec', spec,
                             '--report', report, '--timeout', '60')) do |stdin, stdout, _stderr, wait|
        Timeout.timeout(60) do
          events << JSON.parse(stdout.gets) until events.last && events.last['event'] == 'ready'
          stdin.puts(JSON.generate('command' => 'publish_spec'))
          stdin.flush
          events << JSON.parse(stdout.gets) until events.any? { |e| e['event'] == 'consumed' }
          stdin.puts(JSON.generate('command' => 'stop'))
          stdin.close
          events << JSON.parse(stdout.gets) until events.last['event'] == 'stopped'
        end
        wait.join
      end
      published = events.find { |e| e['event'] == 'published' }
      consumed = events.find { |e| e['event'] == 'consumed' }
      assert_equal 'peer.test.one', published['routing_key']
      assert_equal [['h', { 'type' => 'd', 'value' => 1.5 }]], consumed['properties']['headers']
      assert_equal [['h', 'Float', 1.5]], consumed['headers_ruby']
      assert_equal({ 'a' => 1 }, consumed['message']['body'])
      assert_equal published['body_base64'], consumed['body_base64']
      assert_equal events.map { |e| JSON.generate(e) }, File.readlines(report, chomp: true)
    end
  end

  # The Ruby worker's acknowledgement for each delivery to a spec consumer: the
  # outcome a Swift publisher's message gets on the Ruby side.
  def test_peer_reports_the_ruby_workers_outcome
    Dir.mktmpdir do |d|
      spec = File.join(d, 'spec.json')
      File.write(spec, JSON.generate(
        'hutch_schedule' => false,
        'consumers' => [{ 'class_name' => 'PeerReturnsConsumer', 'routing_keys' => ['peer.outcome.returns'] },
                        { 'class_name' => 'PeerRaisesConsumer', 'routing_keys' => ['peer.outcome.raises'], 'raises' => 'ArgumentError' },
                        { 'class_name' => 'PeerRejectsConsumer', 'routing_keys' => ['peer.outcome.rejects'], 'calls' => 'reject!' }],
        'publish' => %w[returns raises rejects].map { |k| { 'id' => k, 'routing_key' => "peer.outcome.#{k}", 'message' => { 'k' => k } } }
      ))
      vhost = HutchRecorder::BrokerProbe.parse_url(@url).vhost || '/'
      events = []
      Open3.popen3(child_env.merge('HUTCH_PEER_URL' => @url),
                   *ruby_cmd('peer.rb', '--vhost', vhost, '--spec', spec, '--timeout', '60')) do |stdin, stdout, _stderr, wait|
        Timeout.timeout(60) do
          events << JSON.parse(stdout.gets) until events.last && events.last['event'] == 'ready'
          stdin.puts(JSON.generate('command' => 'publish_spec'))
          stdin.flush
          events << JSON.parse(stdout.gets) until events.count { |e| e['event'] == 'outcome' } == 3
          stdin.puts(JSON.generate('command' => 'stop'))
          stdin.close
          events << JSON.parse(stdout.gets) until events.last['event'] == 'stopped'
        end
        wait.join
      end
      outcomes = events.select { |e| e['event'] == 'outcome' }.to_h { |e| [e['consumer'], e['outcome']] }
      # Hutch 1.2+ does not ack after reject!; 1.1.0 acks too (the first frame decides)
      assert_equal({ 'PeerReturnsConsumer' => 'ack', 'PeerRaisesConsumer' => 'nack', 'PeerRejectsConsumer' => 'reject' }, outcomes)
      actions = events.select { |e| e['event'] == 'consumed' }.to_h { |e| [e['consumer'], e['action']] }
      assert_equal 'raise ArgumentError', actions['PeerRaisesConsumer']
    end
  end

  private

  def swift_check(out)
    bin = ENV['HUTCH_CONFORMANCE_BIN'] || File.join(ROOT, '.build', 'debug', 'hutch-conformance')
    unless File.executable?(bin)
      puts "\n  (hutch-conformance not built at #{bin}: recordings not checked by Swift)"
      return
    end
    log, status = Open3.capture2e(bin, 'check', out)
    assert status.success?, log
    assert_match(/\d+ passed, 0 failed/, log)
  end
end
