import HutchConventions

/// One case of the `hutch-conformance/1` format: what Ruby was given and what it did.
package struct RecordedCase: Sendable {
    /// The case id, unique in its corpus (`"publish/basic-hash"`).
    package var id: String
    /// The kind (`"publish"`, `"topology"`, …); unknown kinds are reported as unsupported.
    package var kind: String
    /// A sentence for people.
    package var description: String
    /// The versions the case was recorded with (`hutch`, `hutch_schedule`, `bunny`, …).
    package var recordedWith: [String: String]
    /// When Ruby performed the action, in Unix seconds.
    package var recordedAt: Double
    /// The case's `input` object.
    package var input: JSONObject
    /// The case's `expected` object.
    package var expected: JSONObject
    /// The file the case was read from.
    package var file: String

    /// The Hutch version of the recording, when `recorded_with.hutch` names one.
    package var hutchVersion: GemVersion? { recordedWith["hutch"].flatMap(GemVersion.init) }

    /// The Ruby side the case models: the recording's Hutch (and bunny) version and
    /// whether `input.hutch_schedule_loaded` says hutch-schedule was required.
    package var profile: VersionProfile {
        VersionProfile(
            hutch: hutchVersion ?? VersionProfile.default.hutch,
            hutchScheduleLoaded: input["hutch_schedule_loaded"]?.boolValue ?? false,
            bunny: recordedWith["bunny"].flatMap(GemVersion.init)
        )
    }

    /// A reader for `input`, naming this file in its errors.
    var inputReader: FieldReader { FieldReader(input, file: file, path: "input") }

    /// A reader for `expected`, naming this file in its errors.
    var expectedReader: FieldReader { FieldReader(expected, file: file, path: "expected") }
}
