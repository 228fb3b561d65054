# frozen_string_literal: true

# Loads the shop: its Hutch configuration, consumers and publishing code.
require_relative '../config/hutch'
require_relative '../app/ledger'
require_relative '../app/mailer'
require_relative '../app/consumers/invoice_consumer'
require_relative '../app/consumers/reminder_consumer'
require_relative '../app/billing'
