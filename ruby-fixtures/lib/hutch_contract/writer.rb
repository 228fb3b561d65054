# frozen_string_literal: true
require 'json'
require 'fileutils'
require_relative '../hutch_recorder/cases'

module HutchContract
  # Writes captured case inputs: one `KIND.json` per kind
  # (HutchRecorder::Cases.write_inputs: sorted, pretty JSON, trailing
  # newline), after removing the case-input files an earlier capture left in
  # the folder (other files are left alone). No gem needed.
  module Writer
    module_function

    # => the paths written
    def write(cases, dir)
      FileUtils.mkdir_p(dir)
      Dir.glob(File.join(dir, '*.json')).each { |f| File.delete(f) if case_inputs?(f) }
      HutchRecorder::Cases.write_inputs(cases, dir)
    end

    def case_inputs?(file)
      doc = JSON.parse(File.read(file))
      doc.is_a?(Hash) && doc['format'] == HutchRecorder::CASES_FORMAT
    rescue JSON::ParserError
      false
    end
  end
end
