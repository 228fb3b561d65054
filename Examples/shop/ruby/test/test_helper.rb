# frozen_string_literal: true

# The shop's test helper. The capture helper comes from the swift-hutch
# repository (ruby-fixtures/lib); a shop outside it puts that folder on its
# load path (`ruby -I path/to/ruby-fixtures/lib`, or RUBYLIB).
$LOAD_PATH.unshift(File.expand_path('../../../../ruby-fixtures/lib', __dir__))
require_relative '../lib/shop'
require_relative 'contract_settings'
require 'hutch_contract/minitest'
HutchContract::Capture.start(**ShopContract::SETTINGS)
require 'minitest/autorun'
