#!/usr/bin/env ruby
# frozen_string_literal: true
#
# Derives case INPUTS (id, kind, description, input) from recorded corpora, so
# that re-recording them produces the same ids. Needs no gem.
#
#   ruby ruby-fixtures/tools/derive_cases.rb --out Conformance/cases CORPUS_DIR...
#
# When an id appears in several corpora the first corpus given wins; ids whose
# inputs differ between corpora are listed on stderr.
require 'optparse'
require_relative '../lib/hutch_recorder/cases'

out = nil
OptionParser.new do |o|
  o.banner = 'usage: derive_cases.rb --out DIR CORPUS_DIR...'
  o.on('--out DIR') { |v| out = v }
end.parse!
abort 'give --out DIR and at least one corpus folder' if out.nil? || ARGV.empty?

by_id = {}
ARGV.each do |dir|
  HutchRecorder::Cases.load(dir).each do |c|
    if (prev = by_id[c.id])
      warn "#{c.id}: input differs in #{dir}" unless prev.input == c.input
    else
      by_id[c.id] = c
    end
  end
end
paths = HutchRecorder::Cases.write_inputs(by_id.values, out)
puts "#{by_id.size} cases in #{paths.size} files under #{out}"
