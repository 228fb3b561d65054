# frozen_string_literal: true
require_relative 'test_helper'
require 'open3'
require 'hutch_recorder/broker_probe'
require_relative '../../Examples/shop/tools/shop_contract'
require_relative '../../Examples/shop/tools/mutations'

# The example shop's contract (Examples/shop): the capture helper run against
# the shop's own tests reproduces the committed case inputs byte for byte
# (the unmutated app and each mutation), the RSpec variant captures the same
# calls, and deterministic recordings repeat. Capturing needs the hutch and
# hutch-schedule gems on the load path; recording also a broker
# (HUTCH_TEST_BROKER_URL, optionally HUTCH_RECORDER_CTL). Without them the
# tests are SKIPPED with the reason.
class ShopContractTest < Minitest::Test
  include TestPaths
  SHOP = ShopContract::SHOP
  CONTRACT = File.join(SHOP, 'contract')

  def self.gem_problem
    %w[hutch hutch-schedule].each do |feature|
      return "#{feature} gem not on the load path (e.g. ruby -I <#{feature}>/lib ruby-fixtures/test/run.rb)" unless $LOAD_PATH.resolve_feature_path(feature)
    rescue LoadError
      return "#{feature} gem not on the load path"
    end
    nil
  end

  def require_gems
    problem = self.class.gem_problem
    skip problem if problem
  end

  def files(dir)
    Dir.glob('**/*', base: dir).sort.reject { |f| File.directory?(File.join(dir, f)) }
       .to_h { |f| [f, File.binread(File.join(dir, f))] }
  end

  def assert_same_tree(want_dir, got_dir)
    want = files(want_dir)
    got = files(got_dir)
    assert_equal want.keys, got.keys, "files in #{got_dir} vs #{want_dir}"
    want.each { |name, bytes| assert bytes == got[name], "#{name} differs from #{want_dir}/#{name}" }
  end

  def test_capture_reproduces_the_committed_case_inputs_byte_for_byte
    require_gems
    Dir.mktmpdir do |out|
      log, status = ShopContract::Tools.capture(File.join(SHOP, 'ruby'), out)
      assert status.success?, log
      assert_match(/2 runs, \d+ assertions, 0 failures, 0 errors, 0 skips/, log)
      assert_same_tree(File.join(CONTRACT, 'cases'), out)
    end
  end

  def test_capture_of_each_mutation_reproduces_its_committed_case_inputs
    require_gems
    ShopContract::MUTATIONS.each do |name, edits|
      Dir.mktmpdir do |tmp|
        copy = File.join(tmp, 'ruby')
        FileUtils.cp_r(File.join(SHOP, 'ruby'), copy)
        ShopContract::Mutate.apply(copy, edits)
        dir = File.join(SHOP, 'contract-mutations', name)
        assert_equal File.read(File.join(dir, 'app.diff')), ShopContract::Mutate.diff(File.join(SHOP, 'ruby'), copy, edits), name
        log, status = ShopContract::Tools.capture(copy, File.join(tmp, 'cases'))
        assert status.success?, "#{name}: #{log}"
        assert_same_tree(File.join(dir, 'cases'), File.join(tmp, 'cases'))
      end
    end
  end

  def test_rspec_variant_captures_the_same_calls
    require_gems
    rspec = Gem.bin_path('rspec-core', 'rspec') rescue nil
    skip 'rspec not installed (Debian: apt-get install ruby-rspec)' unless rspec
    Dir.mktmpdir do |out|
      log, status = Open3.capture2e(ShopContract::Tools.child_env('HUTCH_CONTRACT_OUT' => out), RbConfig.ruby, rspec,
                                    File.join(SHOP, 'ruby', 'spec'))
      assert status.success?, log
      inputs = ->(dir) { HutchRecorder::Cases.load(dir).map { |c| JSON.generate([c.kind, c.input]) }.sort }
      assert_equal inputs.call(File.join(CONTRACT, 'cases')), inputs.call(out)
    end
  end

  # Records the shop's broker-light kinds twice with --deterministic: the two
  # corpora are identical; when the versions match, also identical to the
  # committed recording.
  def test_deterministic_recordings_repeat
    require_gems
    url = ENV['HUTCH_TEST_BROKER_URL']
    skip 'HUTCH_TEST_BROKER_URL not set (e.g. amqp://guest:guest@127.0.0.1:5682/)' if url.to_s.empty?
    u = HutchRecorder::BrokerProbe.parse_url(url)
    skip "no broker at #{u.host}:#{u.port}" unless HutchRecorder::BrokerProbe.rabbitmq_version(u.host, u.port)
    ctl = ENV['HUTCH_RECORDER_CTL'].to_s
    options = { url: url, only: 'publish,enqueue_in,topology,retry,queue_name' }
    options.merge!(ctl.empty? ? { vhost: '/' } : { ctl: ctl, vhost: 'hutch-recorder-test' })
    Dir.mktmpdir do |tmp|
      runs = %w[a b].map do |run|
        out = File.join(tmp, run)
        log, status = ShopContract::Tools.record(File.join(CONTRACT, 'cases'), out, **options)
        assert status.success?, log
        assert_match(/9 recorded, 0 skipped, 0 failed/, log)
        out
      end
      assert_same_tree(*runs)
      committed = File.join(CONTRACT, 'recorded', 'hutch-1.3.1')
      fresh = JSON.parse(File.read(File.join(runs[0], 'corpus.json')))['recorded_with']
      if fresh == JSON.parse(File.read(File.join(committed, 'corpus.json')))['recorded_with']
        files(runs[0]).each do |name, bytes|
          next if name == 'corpus.json'
          assert bytes == File.binread(File.join(committed, name)), "#{name} differs from the committed recording"
        end
      else
        puts "\n  (gem or broker versions differ from the committed recording: compared the two runs only)"
      end
    end
  end

  # Needs neither gems nor broker: the Swift checker accepts the committed
  # corpora (unmutated and mutated: each is Ruby's real behaviour).
  def test_committed_recordings_pass_the_swift_checker
    bin = ENV['HUTCH_CONFORMANCE_BIN'] || File.join(ROOT, '.build', 'debug', 'hutch-conformance')
    skip "hutch-conformance not built at #{bin} (swift build --product hutch-conformance)" unless File.executable?(bin)
    [File.join(CONTRACT, 'recorded'), *Dir[File.join(SHOP, 'contract-mutations', '*', 'recorded')]].each do |dir|
      log, status = Open3.capture2e(bin, 'check', dir)
      assert status.success?, "#{dir}: #{log}"
      assert_match(/\d+ passed, 0 failed/, log)
    end
  end
end
