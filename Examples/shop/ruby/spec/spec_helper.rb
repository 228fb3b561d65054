# frozen_string_literal: true

# The shop's RSpec helper: the same capture as test/test_helper.rb, each
# example named by its full description.
$LOAD_PATH.unshift(File.expand_path('../../../../ruby-fixtures/lib', __dir__))
require_relative '../lib/shop'
require_relative '../test/contract_settings'
require 'hutch_contract/rspec'
HutchContract::Capture.start(**ShopContract::SETTINGS)
