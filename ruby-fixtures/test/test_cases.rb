# frozen_string_literal: true
require_relative 'test_helper'

# Case inputs and the case writer: no gem needed.
class CasesTest < Minitest::Test
  include TestPaths
  C = HutchRecorder::Cases
  W = HutchRecorder::CaseWriter

  def test_shipped_inputs_cover_the_bundled_corpus_ids
    ids = C.load(CASES).map(&:id)
    assert_equal ids.uniq, ids
    bundled = Dir[File.join(FIXTURES, 'recorded', '*', '**', '*.json')].reject { |f| File.basename(f) == 'corpus.json' }
                                                                       .map { |f| JSON.parse(File.read(f))['id'] }.uniq
    assert_equal bundled.sort, ids.sort
  end

  def test_inputs_equal_the_1_3_1_recordings_inputs
    by_id = C.load(CASES).to_h { |c| [c.id, c] }
    Dir[File.join(CORPUS, '**', '*.json')].each do |f|
      next if File.basename(f) == 'corpus.json'
      doc = JSON.parse(File.read(f))
      c = by_id.fetch(doc['id'])
      assert_equal doc['input'], c.input, doc['id']
      assert_equal doc['kind'], c.kind
      assert_equal doc['description'], c.description
    end
  end

  def test_integer_float_distinction_survives
    c = C.load(CASES).find { |x| x.id == 'publish/float-integers' }
    values = c.input['message'].values
    assert(values.any? { |v| v.is_a?(Float) && v == v.to_i })
  end

  def test_select
    cases = C.load(CASES)
    assert_equal %w[publish/basic-hash], C.select(cases, ['publish/basic-hash']).map(&:id)
    assert(C.select(cases, ['delay_level']).all? { |c| c.kind == 'delay_level' })
    assert(C.select(cases, ['enqueue_in/interval-1*']).map(&:id).include?('enqueue_in/interval-10'))
  end

  def test_single_case_and_list_files
    Dir.mktmpdir do |d|
      File.write(File.join(d, 'one.json'), JSON.generate('id' => 'publish/x', 'input' => { 'routing_key' => 'a' }))
      File.write(File.join(d, 'list.json'), JSON.generate([{ 'id' => 'topology/y', 'kind' => 'topology', 'input' => {} }]))
      cases = C.load(d)
      assert_equal %w[publish/x topology/y], cases.map(&:id)
      assert_equal 'publish', cases.first.kind
    end
  end

  def test_duplicate_ids_and_missing_input_are_errors
    Dir.mktmpdir do |d|
      File.write(File.join(d, 'a.json'), JSON.generate([{ 'id' => 'publish/x', 'input' => {} }] * 2))
      assert_raises(C::Error) { C.load(d) }
      File.write(File.join(d, 'a.json'), JSON.generate('id' => 'publish/x'))
      assert_raises(C::Error) { C.load(d) }
    end
  end

  def test_envelope_order_and_writing
    kase = HutchRecorder::CaseInput.new(id: 'publish/x', kind: 'publish', description: 'd', input: { 'a' => 1.0 })
    doc = W.envelope(kase, recorded_with: { 'hutch' => '9.9' }, recorded_at: 1.5, input: kase.input, expected: { 'b' => 2 })
    assert_equal %w[format id kind description recorded_with recorded_at input expected], doc.keys
    assert_equal 'hutch-conformance/1', doc['format']
    Dir.mktmpdir do |d|
      path = W.write(d, doc)
      assert_equal File.join(d, 'publish', 'x.json'), path
      assert_includes File.read(path), '"a": 1.0'
      W.write_manifest(d, name: 'n', recorded_with: {}, harness: {}, skipped: { 'publish/y' => 'why' })
      m = JSON.parse(File.read(File.join(d, 'corpus.json')))
      assert_equal 1, m['cases']
      assert_equal({ 'publish' => 1 }, m['cases_by_kind'])
      assert_equal [{ 'id' => 'publish/y', 'reason' => 'why' }], m['skipped']
    end
  end

  def test_unsafe_ids_are_refused
    assert_raises(ArgumentError) { W.path_for('/tmp/x', 'publish/../../etc') }
  end

  def test_derived_inputs_round_trip
    Dir.mktmpdir do |d|
      cases = C.load(CASES)
      C.write_inputs(cases, d)
      assert_equal cases.map(&:to_h), C.load(d).map(&:to_h)
    end
  end
end
