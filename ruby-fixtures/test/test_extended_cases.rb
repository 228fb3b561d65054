# frozen_string_literal: true
require_relative 'test_helper'
require 'tmpdir'
require 'hutch_recorder/cases'
require_relative '../tools/generate_extended_cases'

# The extended corpus's case inputs: the committed files are what the generator
# writes, every id is new (no bundled id), and the dimensions of issue 13 are
# there. No gem.
class ExtendedCasesTest < Minitest::Test
  include TestPaths
  COMMITTED = File.expand_path('../../Conformance/cases-extended', __dir__)
  BUNDLED = File.expand_path('../../Conformance/cases', __dir__)

  def test_committed_inputs_are_the_generators_output
    Dir.mktmpdir do |dir|
      capture_io { ExtendedCases.write(dir) }
      assert_equal Dir.children(COMMITTED).sort, Dir.children(dir).sort
      Dir.children(dir).each do |name|
        assert_equal File.read(File.join(COMMITTED, name)), File.read(File.join(dir, name)),
                     "#{name}: run ruby ruby-fixtures/tools/generate_extended_cases.rb"
      end
    end
  end

  def test_ids_are_new_and_unique
    extended = HutchRecorder::Cases.load(COMMITTED).map(&:id)
    bundled = HutchRecorder::Cases.load(BUNDLED).map(&:id)
    assert_equal extended.uniq, extended
    assert_empty extended & bundled
    assert(extended.all? { |id| id.split('/', 2).last.start_with?('x-') })
  end

  def test_consumer_dimensions_are_crossed
    consume = ExtendedCases.consume_cases.map { |c| c['input'] }
    serializers = consume.map { |i| i.dig('consumer', 'serializer') }.uniq.sort
    assert_equal %w[identity json], serializers
    assert_equal %w[enqueue_in publish raw], consume.map { |i| i['delivered_via'] }.uniq.sort
    attempts = consume.map { |i| i['consumer'].key?('attempts') ? i['consumer']['attempts'] : :none }.uniq
    [:none, 0, 1, 3].each { |a| assert_includes attempts, a }
    assert(consume.any? { |i| i['hutch_schedule_loaded'] && i['consumer']['includes_enqueue'] == false })
    behaviours = consume.map { |i| [i['consumer']['calls'], i['consumer']['raises']] }.uniq
    assert_equal ExtendedCases::BEHAVIOURS.size, behaviours.size
  end

  def test_every_body_reaches_consume_and_retry
    ExtendedCases::BODIES.each do |name, _bytes, _type|
      assert(ExtendedCases.consume_cases.any? { |c| c['id'].include?("x-body-#{name}-") }, name)
      assert(ExtendedCases.retry_cases.any? { |c| c['id'] == "retry/x-body-#{name}" }, name)
    end
    large = ExtendedCases::BODIES.find { |n, _, _| n == 'large' }[1]
    assert_operator large.bytesize, :>, 131_072
  end
end
