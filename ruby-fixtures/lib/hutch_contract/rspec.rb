# frozen_string_literal: true
#
# RSpec glue: `require 'hutch_contract/rspec'` in spec_helper, after the app
# (and hutch-schedule) are loaded. Every example runs captured under its full
# description; after the suite the case inputs are written when
# HUTCH_CONTRACT_OUT names a folder. Configure the session with
# HutchContract::Capture.start(...) (before or after this require).
require 'rspec/core'
require_relative 'capture'

HutchContract::Capture.start unless HutchContract::Capture.session
RSpec.configure do |config|
  config.around(:each) do |example|
    HutchContract::Capture.session.within(example.full_description) { example.run }
  end
  config.after(:suite) { HutchContract::Capture.session&.finish! }
end
