import HutchConformance
import HutchConventions

/// Swift → Ruby: each publishing fixture, encoded as the library's ``Publisher``
/// encodes it, reaches a recorded Ruby consumer's binding (`routing`), and its body fits
/// what Ruby publishes to the same routing key (`body`).
struct SwiftToRubyCheck {
    let contract: MessageContract
    let recorded: RecordedContract

    func results() -> [CaseResult] {
        let configuration = PublisherConfiguration(exchange: contract.exchange, serializer: contract.defaultSerializer)
        return contract.publishes.flatMap { fixture -> [CaseResult] in
            let message: OutgoingMessage
            do {
                message = try fixture.build(configuration)
            } catch {
                return [
                    result(
                        fixture,
                        checks: [
                            CaseResult.Check(
                                name: "encode",
                                differences: [
                                    Difference(
                                        path: "body", ruby: "a message Ruby can read", swift: "the Publisher cannot encode it: \(error)")
                                ])
                        ])
                ]
            }
            let sent = RecordedRubyMessage(outgoing: message)
            guard let body = body(sent) else {
                let keys = contract.destinationKeys(sent).map { "\"\($0)\"" }.joined(separator: ", ")
                return [
                    result(fixture, checks: [routing(sent)]),
                    CaseResult(
                        id: "\(fixture.name) (body)", kind: "publish", corpus: "swift->ruby", file: "publishing fixture",
                        status: .skipped(
                            "no recorded Ruby message to \(keys) to compare the body with; the Ruby peer runs the Ruby consumer on it"))
                ]
            }
            return [result(fixture, checks: [routing(sent), body])]
        }
    }

    private func result(_ fixture: PublishingFixture, checks: [CaseResult.Check]) -> CaseResult {
        CaseResult(id: fixture.name, kind: "publish", corpus: "swift->ruby", file: "publishing fixture", checks: checks)
    }

    private func routing(_ sent: RecordedRubyMessage) -> CaseResult.Check {
        let keys = contract.keysOnExchange(sent)
        let bound = recorded.consumers.filter { ruby in
            ruby.exchange == contract.exchange && ruby.definition.routingKeys.contains { TopicPattern.matchesAny($0, keys) }
        }
        guard bound.isEmpty else { return CaseResult.Check(name: "routing", differences: []) }
        var bindings: [String] = []
        for ruby in recorded.consumers where ruby.exchange == contract.exchange {
            for key in ruby.definition.routingKeys where !bindings.contains("\"\(key)\" (\(ruby.definition.className))") {
                bindings.append("\"\(key)\" (\(ruby.definition.className))")
            }
        }
        let destinations = contract.destinationKeys(sent).map { "\"\($0)\"" }.joined(separator: ", ")
        return CaseResult.Check(
            name: "routing",
            differences: [
                Difference(
                    path: "routing key \(destinations)",
                    ruby: "no recorded Ruby consumer binds it"
                        + (bindings.isEmpty ? "" : "; recorded bindings: \(bindings.joined(separator: ", "))"),
                    swift: "publishes to exchange \"\(sent.exchange)\" with routing key \"\(sent.routingKey)\"")
            ])
    }

    /// The body against Ruby's messages to the same destination, or `nil` when Ruby
    /// sent none there.
    private func body(_ sent: RecordedRubyMessage) -> CaseResult.Check? {
        let destinations = Set(contract.destinationKeys(sent))
        let samples = recorded.messages.filter { !destinations.isDisjoint(with: contract.destinationKeys($0.message)) }
        guard !samples.isEmpty else { return nil }
        let rubyBodies = samples.compactMap { try? RubyJSON.multiJSONLoad($0.message.body) }
        let name =
            "body against \(samples.count) recorded Ruby message(s) to " + destinations.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        guard let swiftBody = try? RubyJSON.multiJSONLoad(sent.body) else {
            return CaseResult.Check(
                name: name, differences: [Difference(path: "body", ruby: "JSON", swift: "\(sent.body.count) bytes that Ruby cannot parse")])
        }
        guard !rubyBodies.isEmpty else {
            return CaseResult.Check(
                name: name,
                differences: [Difference(path: "body", ruby: "bodies that are not JSON", swift: RubyValueText.render(swiftBody))])
        }
        return CaseResult.Check(name: name, differences: RubyBodyShape(samples: rubyBodies).differences(swiftBody, at: JSONPath("body")))
    }
}
