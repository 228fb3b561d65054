import HutchConventions

/// The fields a case lists in `expected.nondeterministic`: checked by shape on both
/// sides, then Ruby's value is adopted into Swift's output so everything else —
/// including the bytes — can be compared exactly.
struct NondeterministicFields {
    let names: Set<String>
    let recordedAt: Double
    let environment: CheckEnvironment

    init(_ expected: FieldReader, recordedAt: Double, environment: CheckEnvironment) throws(CaseFileError) {
        self.names = expected.has("nondeterministic") ? Set(try expected.strings("nondeterministic")) : []
        self.recordedAt = recordedAt
        self.environment = environment
    }

    /// Checks `message_id` and `timestamp` shapes and returns Swift's properties with
    /// Ruby's values in those fields.
    func adopt(_ swift: BasicProperties, ruby: BasicProperties, path: String, differ: inout ModelDiffer) -> BasicProperties {
        var adopted = swift
        if names.contains("message_id"), let rubyID = ruby.messageID {
            if !SecureRandomUUID.matches(rubyID) {
                differ.note(path + ".message_id (recording)", ruby: "\"\(rubyID)\"", swift: "expected a lowercase UUID v4")
            }
            if let swiftID = swift.messageID, !SecureRandomUUID.matches(swiftID) {
                differ.note(path + ".message_id", ruby: "a lowercase UUID v4", swift: "\"\(swiftID)\"")
            }
            if swift.messageID != nil { adopted.messageID = rubyID }
        }
        if names.contains("timestamp"), let rubyTime = ruby.timestamp {
            if !NondeterministicShape.isNear(rubyTime, recordedAt, tolerance: environment.timestampTolerance) {
                differ.note(
                    path + ".timestamp (recording)", ruby: "\(rubyTime)",
                    swift: "expected near recorded_at \(Self.wholeSeconds(recordedAt))")
            }
            if let swiftTime = swift.timestamp,
                !NondeterministicShape.isNear(swiftTime, environment.now(), tolerance: environment.timestampTolerance)
            {
                differ.note(path + ".timestamp", ruby: "near the Swift clock", swift: "\(swiftTime)")
            }
            if swift.timestamp != nil { adopted.timestamp = rubyTime }
        }
        return adopted
    }

    /// `recorded_at` in whole seconds for a note. The file may hold any JSON number
    /// (`1e300`, or `1e400`, which reads as infinity); one outside `Int64` is printed as
    /// it is rather than trapping in the conversion.
    static func wholeSeconds(_ seconds: Double) -> String {
        Int64(exactly: seconds.rounded(.towardZero)).map(String.init) ?? "\(seconds)"
    }

    /// Swift's clock and ids as the publishing conventions take them.
    var publishEnvironment: PublishEnvironment {
        let environment = self.environment
        return PublishEnvironment(now: { Int64(environment.now()) }, nextMessageID: environment.makeUUID)
    }
}
