# frozen_string_literal: true
require 'minitest'
require 'json'
require 'tmpdir'
require 'fileutils'
require 'hutch_recorder/amqp'
require 'hutch_recorder/proxy'
require 'hutch_recorder/capture'
require 'hutch_recorder/cases'
require 'hutch_recorder/broker_probe'

module TestPaths
  ROOT = File.expand_path('../..', __dir__)
  FIXTURES = File.join(ROOT, 'ruby-fixtures')
  CORPUS = File.join(FIXTURES, 'recorded', 'hutch-1.3.1')
  CASES = File.join(ROOT, 'Conformance', 'cases')

  def corpus_cases(kind)
    Dir[File.join(CORPUS, kind, '*.json')].sort.map { |f| JSON.parse(File.read(f)) }
  end

  def frame(h)
    HutchRecorder::AMQP::Frame.new(h['type'], h['channel'], [h['payload_hex']].pack('H*'))
  end

  def wire(frame)
    [frame.type, frame.channel, frame.payload.bytesize].pack('CnN') + frame.payload + "\xCE".b
  end
end
