#!/usr/bin/env ruby
# frozen_string_literal: true
#
# Runs the Ruby side's tests (minitest from Ruby's standard library):
#
#   ruby ruby-fixtures/test/run.rb [-v] [-n /pattern/]
#
# Unit tests (frame splitter, decoder, proxy, case files) need no gem.
# Integration tests need the hutch / hutch-schedule gems on the load path and
# a broker (HUTCH_TEST_BROKER_URL, e.g. amqp://guest:guest@127.0.0.1:5682/);
# without them they are reported as SKIPPED, each with its reason printed at
# the end of the run, never as passed.
$LOAD_PATH.unshift(File.expand_path('../lib', __dir__))
require 'minitest/autorun'

module Minitest
  # Prints every skip and its reason after the summary, verbose or not.
  class SkipReasons < AbstractReporter
    def initialize(io)
      super()
      @io = io
      @skips = []
    end

    def record(result)
      @skips << result if result.skipped?
    end

    def report
      return if @skips.empty?
      @io.puts "\nSKIPPED (#{@skips.size}) — these tests did not run:"
      @skips.each { |r| @io.puts "  #{r.klass}##{r.name}: #{r.failure.message}" }
    end
  end

  def self.plugin_skip_reasons_init(options)
    reporter << SkipReasons.new(options[:io])
  end
end
Minitest.extensions << 'skip_reasons'

Dir[File.join(__dir__, 'test_*.rb')].sort.each { |f| require f }
