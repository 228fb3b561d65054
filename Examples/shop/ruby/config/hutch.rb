# frozen_string_literal: true

# How the shop configures Hutch: its own topic exchange, and hutch-schedule's
# MaxRetry so that a consumer's `attempts` retries it through the delay queues.
require 'hutch'
require 'hutch-schedule'

Hutch::Config.set(:mq_exchange, 'shop')
Hutch::Config.set(:error_handlers, [Hutch::ErrorHandlers::MaxRetry.new])
