# frozen_string_literal: true
#
# Case inputs and recorded case files. No gem needed.
#
# Case inputs (Conformance/cases/*.json) are read in any of three shapes:
#   {"format": "hutch-conformance-cases/1", "kind": K, "cases": [{id, kind, description, input}, ...]}
#   [{id, kind, description, input}, ...]
#   {id, kind, description, input, ...}      (a recorded case file also works: the rest is ignored)
#
# JSON is read with Ruby's JSON.parse, so a case input means exactly "what
# Ruby's JSON.parse returns": Integer vs Float, big integers, key order.
require 'json'
require 'fileutils'

module HutchRecorder
  FORMAT = 'hutch-conformance/1'
  CASES_FORMAT = 'hutch-conformance-cases/1'

  CaseInput = Struct.new(:id, :kind, :description, :input, :source, keyword_init: true) do
    def to_h
      { 'id' => id, 'kind' => kind, 'description' => description, 'input' => input }
    end
  end

  module Cases
    class Error < StandardError; end

    module_function

    # All case inputs under `path` (a file or a folder, walked recursively,
    # `corpus.json` ignored), sorted by id. Duplicate ids are an error.
    def load(path)
      files = File.directory?(path) ? Dir.glob(File.join(path, '**', '*.json')).sort : [path]
      files.reject! { |f| File.basename(f) == 'corpus.json' }
      cases = files.flat_map { |f| parse_file(f) }
      dup = cases.group_by(&:id).select { |_, v| v.size > 1 }.keys
      raise Error, "duplicate case ids: #{dup.join(', ')}" unless dup.empty?
      cases.sort_by(&:id)
    end

    def parse_file(file)
      doc = JSON.parse(File.read(file, encoding: 'UTF-8'))
      list =
        case doc
        when Array then doc
        when Hash then doc.key?('cases') ? doc['cases'] : [doc]
        else raise Error, "#{file}: expected an object or a list"
        end
      list.map.with_index { |c, i| from_hash(c, "#{file}[#{i}]", default_kind: doc.is_a?(Hash) ? doc['kind'] : nil) }
    end

    def from_hash(h, source, default_kind: nil)
      raise Error, "#{source}: a case must be an object" unless h.is_a?(Hash)
      id = h['id'] or raise Error, "#{source}: missing id"
      kind = h['kind'] || default_kind || id.split('/').first
      raise Error, "#{source}: id #{id.inspect} must be KIND/NAME" unless id.include?('/')
      input = h['input']
      raise Error, "#{source}: missing input object" unless input.is_a?(Hash)
      CaseInput.new(id: id, kind: kind, description: h['description'] || id, input: input, source: source)
    end

    # --only filter: "publish", "publish/basic-hash", or a glob "enqueue_in/interval-*"
    def select(cases, patterns)
      return cases if patterns.nil? || patterns.empty?
      cases.select do |c|
        patterns.any? { |p| c.id == p || c.kind == p || File.fnmatch(p, c.id) }
      end
    end

    # Writes a cases file per kind (used to derive Conformance/cases from a
    # recorded corpus: only id, kind, description and input are kept).
    def write_inputs(cases, dir)
      FileUtils.mkdir_p(dir)
      cases.group_by(&:kind).sort.map do |kind, list|
        path = File.join(dir, "#{kind}.json")
        doc = { 'format' => CASES_FORMAT, 'kind' => kind, 'cases' => list.sort_by(&:id).map(&:to_h) }
        File.write(path, JSON.pretty_generate(doc) + "\n")
        path
      end
    end
  end

  # Builds and writes recorded case files in the `hutch-conformance/1` format.
  module CaseWriter
    module_function

    # The envelope, keys in the format's order.
    def envelope(kase, recorded_with:, recorded_at:, input:, expected:)
      {
        'format' => FORMAT,
        'id' => kase.id,
        'kind' => kase.kind,
        'description' => kase.description,
        'recorded_with' => recorded_with,
        'recorded_at' => recorded_at,
        'input' => input,
        'expected' => expected
      }
    end

    # OUT/<kind>/<name>.json for id "kind/name"; returns the path.
    def path_for(out_dir, id)
      parts = id.split('/')
      raise ArgumentError, "unsafe id #{id.inspect}" if parts.any? { |p| p.empty? || p == '..' || p == '.' }
      File.join(out_dir, *parts[0..-2], "#{parts[-1]}.json")
    end

    def write(out_dir, doc)
      path = path_for(out_dir, doc.fetch('id'))
      FileUtils.mkdir_p(File.dirname(path))
      File.write(path, dump(doc))
      path
    end

    def dump(doc)
      JSON.pretty_generate(doc) + "\n"
    end

    # corpus.json: counts by kind, skipped ids with reasons, the harness.
    # Skips listed by an earlier run into the same folder are kept unless the
    # case has been recorded since (its file exists).
    def write_manifest(out_dir, name:, recorded_with:, harness:, skipped: {})
      path = File.join(out_dir, 'corpus.json')
      previous = (JSON.parse(File.read(path))['skipped'] rescue nil) || []
      merged = {}
      previous.each { |e| merged[e['id']] = e['reason'] if e.is_a?(Hash) && e['id'] }
      merged.merge!(skipped)
      merged.reject! { |id, _| File.exist?(path_for(out_dir, id)) }
      skipped = merged.sort.to_h
      counts = Hash.new(0)
      Dir.glob(File.join(out_dir, '**', '*.json')).each do |f|
        next if File.basename(f) == 'corpus.json'
        doc = JSON.parse(File.read(f)) rescue next
        counts[doc['kind']] += 1 if doc.is_a?(Hash) && doc['format'] == FORMAT
      end
      manifest = {
        'format' => FORMAT,
        'name' => name,
        'recorded_with' => recorded_with,
        'cases' => counts.values.sum,
        'cases_by_kind' => counts.sort.to_h,
        'harness' => harness
      }
      manifest['skipped'] = skipped.map { |id, reason| { 'id' => id, 'reason' => reason } } unless skipped.empty?
      File.write(path, dump(manifest))
      path
    end
  end
end
