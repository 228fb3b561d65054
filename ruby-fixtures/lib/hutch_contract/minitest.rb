# frozen_string_literal: true
#
# Minitest glue: `require 'hutch_contract/minitest'` in the test helper,
# after the app (and hutch-schedule) are loaded. Every test runs captured
# under its name ("BillingTest#test_x"); after the run the case inputs are
# written when HUTCH_CONTRACT_OUT names a folder. Configure the session with
# HutchContract::Capture.start(...) (before or after this require).
require 'minitest'
require_relative 'capture'

module HutchContract
  # Names each test's calls.
  module MinitestHooks
    def before_setup
      Capture.session&.begin_test("#{self.class.name}##{name}")
      super
    end

    def after_teardown
      super
    ensure
      Capture.session&.end_test
    end
  end
end

HutchContract::Capture.start unless HutchContract::Capture.session
Minitest::Test.include(HutchContract::MinitestHooks)
Minitest.after_run { HutchContract::Capture.session&.finish! }
