import HutchConventions

/// Compares a message Swift would publish with one Ruby recorded: the recording's
/// self-consistency, the fields, the shapes of nondeterministic fields, and the bytes.
struct MessageComparison {
    var recording: [Difference] = []
    var fields: [Difference] = []
    var shape: [Difference] = []
    var bytes: [Difference] = []

    init(swift: OutgoingMessage, ruby: RecordedMessage, path: String, nondeterministic: NondeterministicFields) {
        recording = ruby.selfConsistency(path: path)
        var shapeDiffer = ModelDiffer()
        let properties = nondeterministic.adopt(swift.properties, ruby: ruby.properties, path: path + ".properties", differ: &shapeDiffer)
        shape = shapeDiffer.differences
        var differ = ModelDiffer()
        differ.compare(path, ruby: AMQPMethod.basicPublish(ruby.publish), swift: AMQPMethod.basicPublish(swift.method))
        differ.compare(path + ".properties", ruby: ruby.properties, swift: properties)
        differ.compare(path + ".body", ruby: ruby.body, swift: swift.body)
        fields = differ.differences
        let frames = OutgoingFrames(method: .basicPublish(swift.method), properties: properties, body: swift.body)
        bytes = FrameComparison.message(frames, rubyFrames: ruby.frames, path: path + ".frames")
    }

    /// Appends to named checks, creating them in a fixed order.
    static func checks(_ comparisons: [MessageComparison]) -> [CaseResult.Check] {
        [
            CaseResult.Check(name: "recording", differences: comparisons.flatMap(\.recording)),
            CaseResult.Check(name: "fields", differences: comparisons.flatMap(\.fields)),
            CaseResult.Check(name: "shape", differences: comparisons.flatMap(\.shape)),
            CaseResult.Check(name: "bytes", differences: comparisons.flatMap(\.bytes))
        ]
    }
}
