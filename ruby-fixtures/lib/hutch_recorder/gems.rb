# frozen_string_literal: true
#
# Loading the real gems and describing what was loaded. Everything that needs
# hutch / hutch-schedule goes through here, so that a missing gem is reported
# with its reason instead of crashing.
module HutchRecorder
  class GemMissing < StandardError; end

  module Gems
    module_function

    # Requires hutch (and hutch-schedule when `schedule`), selects the JSON
    # adapter. Raises GemMissing with the LoadError's message.
    def load!(schedule:, json_adapter: 'json_gem')
      begin
        require 'hutch'
      rescue LoadError => e
        raise GemMissing, "hutch gem not installed: #{e.message.lines.first.strip}"
      end
      if schedule
        begin
          require 'hutch-schedule'
        rescue LoadError => e
          raise GemMissing, "hutch-schedule gem not installed: #{e.message.lines.first.strip}"
        end
      end
      require 'multi_json'
      MultiJson.use(json_adapter.to_sym) if json_adapter && !json_adapter.empty?
      silence_logs!
      true
    end

    def hutch_schedule_available?
      return true if defined?(Hutch::Schedule::VERSION)
      spec = Gem::Specification.find_all_by_name('hutch-schedule').first rescue nil
      return true if spec
      $LOAD_PATH.any? { |p| File.exist?(File.join(p, 'hutch-schedule.rb')) }
    end

    def hutch_schedule_version
      return Hutch::Schedule::VERSION if defined?(Hutch::Schedule::VERSION)
      spec = Gem::Specification.find_all_by_name('hutch-schedule').first rescue nil
      return spec.version.to_s if spec
      dir = $LOAD_PATH.find { |p| File.exist?(File.join(p, 'hutch', 'schedule', 'version.rb')) }
      return nil unless dir
      File.read(File.join(dir, 'hutch', 'schedule', 'version.rb'))[/VERSION\s*=\s*["']([^"']+)/, 1]
    end

    def silence_logs!
      require 'logger'
      level = ENV['HUTCH_RECORDER_LOG'] == 'debug' ? Logger::DEBUG : Logger::FATAL
      logger = Logger.new($stderr)
      logger.level = level
      Hutch::Logging.logger = logger
    end

    # recorded_with: the versions actually loaded in this process.
    def recorded_with(rabbitmq:)
      h = { 'ruby' => RUBY_VERSION, 'hutch' => Hutch::VERSION, 'hutch_schedule' => hutch_schedule_version }
      h['bunny'] = Bunny::VERSION if defined?(Bunny::VERSION)
      h['amq_protocol'] = AMQ::Protocol::VERSION if defined?(AMQ::Protocol::VERSION)
      if defined?(MultiJson)
        adapter = MultiJson.adapter.name.split('::').last
        adapter = adapter.gsub(/([a-z\d])([A-Z])/, '\1_\2').downcase
        h['json'] = "multi_json #{MultiJson::VERSION} (#{adapter})"
      end
      h['rabbitmq'] = rabbitmq
      h['json_gem'] = JSON::VERSION if defined?(JSON::VERSION)
      begin
        require 'active_support/version'
      rescue LoadError
        nil
      end
      h['activesupport'] = ActiveSupport::VERSION::STRING if defined?(ActiveSupport::VERSION::STRING)
      h['concurrent_ruby'] = Concurrent::VERSION if defined?(Concurrent::VERSION)
      h
    end
  end
end
