# frozen_string_literal: true

module ShopContract
  # What the capture needs to know about the shop's broker: hutch-schedule
  # 0.7.3 on Hutch >= 1.1.1 declares its delay queues without their
  # dead-letter arguments, so the shop's RabbitMQ has this policy; the
  # recorded consume cases of delayed messages run with it.
  SETTINGS = {
    broker_policies: [
      { 'name' => 'shop-delay-dlx', 'pattern' => '^shop_delay_queue_',
        'definition' => { 'dead-letter-exchange' => 'shop' }, 'apply_to' => 'queues' }
    ]
  }.freeze
end
