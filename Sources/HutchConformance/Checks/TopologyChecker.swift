import HutchConventions

/// `topology` cases: the declarations Hutch (and `Hutch::Schedule.connect`) sends
/// for a set of consumers, per Hutch version and hutch-schedule, in wire order.
///
/// Checks: `declarations` (each method's fields, consumer tags by shape), `order`
/// (the same methods in another order is reported apart from content differences),
/// `error` (the Ruby exception, when setup raised), and `bytes` (each method frame
/// Swift encodes equals Ruby's payload).
package struct TopologyChecker: CaseChecker {
    package let kind = "topology"

    /// Creates the checker.
    package init() {}

    package func check(_ recorded: RecordedCase, environment: CheckEnvironment) throws(CaseFileError) -> [CaseResult.Check] {
        let expected = recorded.expectedReader
        let (plan, config, rubyDeclarations) = try Self.inputs(recorded, environment: environment)

        var shape = ModelDiffer()
        let swiftDeclarations = Self.adoptingRubyConsumerTags(
            swift: plan.declarations, ruby: rubyDeclarations, prefix: config.consumerTagPrefix, differ: &shape)

        var errors = ModelDiffer()
        errors.compare("error_class", ruby: try expected.optionalString("error_class"), swift: plan.failure?.rubyErrorClass)
        Self.compareServerClose(ruby: try ConsumeChecker.recordedServerCloses(expected), swift: plan.failure?.serverClose, differ: &errors)

        return [
            CaseResult.Check(name: "declarations", differences: Self.contentDifferences(ruby: rubyDeclarations, swift: swiftDeclarations)),
            CaseResult.Check(name: "order", differences: Self.orderDifferences(ruby: rubyDeclarations, swift: swiftDeclarations)),
            CaseResult.Check(name: "shape", differences: shape.differences),
            CaseResult.Check(name: "error", differences: errors.differences),
            CaseResult.Check(
                name: "bytes",
                differences: FrameComparison.methods(
                    swiftDeclarations,
                    rubyFrames: try TypedValueReader(file: recorded.file).frames(try expected.value("frames"), path: "expected.frames")))
        ]
    }

    /// The broker's `channel.close`: code, the method it refused, and the reply text up
    /// to the vhost (the recorder's, not part of the behaviour).
    static func compareServerClose(ruby: [AMQPMethod], swift: Close?, differ: inout ModelDiffer) {
        let rubyCloses = ruby.compactMap { method -> Close? in
            if case .channelClose(let close) = method { return close }
            return nil
        }
        func summary(_ close: Close?) -> String {
            guard let close else { return "none" }
            return "\(close.replyCode) on \(close.classID)/\(close.methodID): \(close.replyTextBeforeVhost)"
        }
        differ.compare("server_close", ruby: summary(rubyCloses.first), swift: summary(swift))
    }

    /// Swift's plan for the case's input, the configuration it used, and Ruby's
    /// recorded declarations.
    static func inputs(
        _ recorded: RecordedCase, environment: CheckEnvironment
    ) throws(CaseFileError) -> (plan: TopologyPlan, config: TopologyConfig, ruby: [AMQPMethod]) {
        let input = recorded.inputReader
        let profile = recorded.profile
        let config = try RecordedInputs.topologyConfig(try input.optionalObject("config"), profile: profile)
        var consumers: [ConsumerDefinition] = []
        for reader in try input.objects("consumers") { consumers.append(try RecordedInputs.consumer(reader)) }
        let plan = TopologyPlan(
            profile: profile, config: config, schedule: try input.bool("schedule", default: false), consumers: consumers,
            makeUUID: environment.makeUUID)
        let methods = RecordedMethodReader(file: recorded.file)
        var rubyDeclarations: [AMQPMethod] = []
        for reader in try recorded.expectedReader.objects("declarations") { rubyDeclarations.append(try methods.method(reader)) }
        return (plan, config, rubyDeclarations)
    }

    /// Checks the shape of both sides' consumer tags, then puts Ruby's tag into
    /// Swift's `basic.consume` so that the rest can be compared exactly.
    static func adoptingRubyConsumerTags(swift: [AMQPMethod], ruby: [AMQPMethod], prefix: String, differ: inout ModelDiffer) -> [AMQPMethod]
    {
        var adopted = swift
        for index in adopted.indices {
            guard case .basicConsume(var consume) = adopted[index] else { continue }
            if !ConsumerTag.matches(consume.consumerTag, prefix: prefix) {
                differ.note("declarations[\(index)].consumer_tag", ruby: "\(prefix)-<uuid v4>", swift: "\"\(consume.consumerTag)\"")
            }
            if index < ruby.count, case .basicConsume(let rubyConsume) = ruby[index] {
                if !ConsumerTag.matches(rubyConsume.consumerTag, prefix: prefix) {
                    differ.note(
                        "declarations[\(index)].consumer_tag (recording)", ruby: "\"\(rubyConsume.consumerTag)\"",
                        swift: "expected \(prefix)-<uuid v4>")
                }
                consume.consumerTag = rubyConsume.consumerTag
                adopted[index] = .basicConsume(consume)
            }
        }
        return adopted
    }

    /// Field differences per position — unless both sides hold the same methods in a
    /// different order, which ``orderDifferences(ruby:swift:)`` reports instead.
    static func contentDifferences(ruby: [AMQPMethod], swift: [AMQPMethod]) -> [Difference] {
        if sameMethodsInAnotherOrder(ruby, swift) { return [] }
        var differ = ModelDiffer()
        for index in 0..<max(ruby.count, swift.count) {
            let path = "declarations[\(index)]"
            switch (index < ruby.count ? ruby[index] : nil, index < swift.count ? swift[index] : nil) {
            case (let r?, let s?): differ.compare(path, ruby: r, swift: s)
            case (let r?, nil): differ.note(path, ruby: r.summaryText, swift: "absent")
            case (nil, let s?): differ.note(path, ruby: "absent", swift: s.summaryText)
            case (nil, nil): break
            }
        }
        return differ.differences
    }

    static func orderDifferences(ruby: [AMQPMethod], swift: [AMQPMethod]) -> [Difference] {
        guard sameMethodsInAnotherOrder(ruby, swift) else { return [] }
        return [
            Difference(
                path: "declarations (order)",
                ruby: ruby.map(\.name).joined(separator: ", "),
                swift: swift.map(\.name).joined(separator: ", "))
        ]
    }

    static func sameMethodsInAnotherOrder(_ ruby: [AMQPMethod], _ swift: [AMQPMethod]) -> Bool {
        guard ruby != swift, ruby.count == swift.count else { return false }
        var remaining = swift
        for method in ruby {
            guard let index = remaining.firstIndex(of: method) else { return false }
            remaining.remove(at: index)
        }
        return true
    }
}
