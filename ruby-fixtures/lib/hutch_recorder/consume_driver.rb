# frozen_string_literal: true
module HutchRecorder
  # consume: not implemented yet (see README, "What is not recorded").
  class ConsumeDriver
    def initialize(driver)
      @driver = driver
    end

    def record
      raise Skip, 'kind "consume" is not recorded by this version of record.rb (the bundled corpora hold it)'
    end
  end
end
