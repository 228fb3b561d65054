# frozen_string_literal: true

module HutchContract
  # AMQP topic-exchange matching of a routing key against a binding key
  # (`*` one word, `#` zero or more words). No gem needed.
  module Topic
    module_function

    def match?(binding_key, routing_key)
      words_match?(binding_key.split('.', -1), routing_key.split('.', -1))
    end

    def words_match?(pattern, words)
      return words.empty? if pattern.empty?
      head, *rest = pattern
      if head == '#'
        (0..words.size).any? { |n| words_match?(rest, words.drop(n)) }
      else
        !words.empty? && (head == '*' || head == words.first) && words_match?(rest, words.drop(1))
      end
    end
    private_class_method :words_match?
  end
end
