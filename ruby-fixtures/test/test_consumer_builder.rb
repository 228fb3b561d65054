# frozen_string_literal: true
require_relative 'test_helper'
require 'open3'
require 'rbconfig'
require_relative 'test_shop_contract'

# ConsumerBuilder with the real gems (in a child process: hutch-schedule
# patches Hutch): `includes_enqueue: false` leaves Hutch::Enqueue out, as the
# captured consumer spec says. Needs hutch and hutch-schedule on the load path,
# no broker; else SKIPPED with the reason.
class ConsumerBuilderTest < Minitest::Test
  include TestPaths

  def test_includes_enqueue_false_leaves_hutch_enqueue_out
    problem = ShopContractTest.gem_problem
    skip problem if problem
    script = <<~RUBY
      require 'hutch_recorder/gems'
      require 'hutch_recorder/consumer_builder'
      HutchRecorder::Gems.load!(schedule: true)
      include HutchRecorder::ConsumerBuilder
      base = { 'routing_keys' => ['a.b'], 'attempts' => 2 }
      plain = define_consumer(base.merge('class_name' => 'PlainC', 'includes_enqueue' => false), enqueue: true)
      default = define_consumer(base.merge('class_name' => 'DefaultC'), enqueue: true)
      puts [plain.include?(Hutch::Enqueue), plain.respond_to?(:max_attempts), default.include?(Hutch::Enqueue), default.max_attempts].inspect
    RUBY
    out, status = Open3.capture2e({ 'RUBYLIB' => $LOAD_PATH.join(File::PATH_SEPARATOR) }, RbConfig.ruby, '-e', script)
    assert status.success?, out
    assert_equal '[false, false, true, 2]', out.lines.last.strip
  end
end
