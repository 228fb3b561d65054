# frozen_string_literal: true

module HutchContract
  # The hooks that route the app's publishing calls to the capture session
  # instead of a broker, prepended to the gems' public entry points:
  # `Hutch.publish`, `Hutch.connect`, `Hutch::Schedule.connect` and
  # hutch-schedule's `enqueue`, `enqueue_in` and `enqueue_at` (class methods
  # of every consumer that includes Hutch::Enqueue). While no session is
  # capturing they call through to the gems unchanged.
  module Interceptors
    module_function

    # Installs the hooks that are not installed yet (hutch-schedule's when
    # it has been loaded since).
    def install!
      prepend_once(Hutch.singleton_class, HutchMethods)
      prepend_once(Hutch::Schedule.singleton_class, ScheduleMethods) if defined?(Hutch::Schedule)
      prepend_once(Hutch::Enqueue::ClassMethods, EnqueueMethods) if defined?(Hutch::Enqueue::ClassMethods)
    end

    def prepend_once(target, mod)
      target.prepend(mod) unless target.ancestors.include?(mod)
    end

    def session
      Capture.session if Capture.session&.capturing?
    end

    # Hutch.publish / Hutch.connect
    module HutchMethods
      def publish(routing_key, message, properties = {}, options = {})
        session = Interceptors.session
        session ? session.publish(routing_key, message, properties, options) : super
      end

      def connect(*args)
        Interceptors.session ? nil : super
      end
    end

    # Hutch::Schedule.connect
    module ScheduleMethods
      def connect(*args)
        Interceptors.session ? nil : super
      end
    end

    # Consumer.enqueue / enqueue_in / enqueue_at (hutch-schedule)
    module EnqueueMethods
      def enqueue(msg = {})
        session = Interceptors.session
        session ? session.enqueue(self, msg) : super
      end

      def enqueue_in(interval, message = {}, props = {})
        session = Interceptors.session
        session ? session.enqueue_in(self, interval, message, props) : super
      end

      def enqueue_at(time, message = {}, props = {})
        session = Interceptors.session
        session ? session.enqueue_at(self, time, message, props) : super
      end
    end
  end
end
