import Foundation
import HutchConventions
import Testing

/// One recorded `config` sample and the result Ruby produced for it.
struct RecordedConfigSample: Sendable, CustomTestStringConvertible {
    let version: String
    let index: Int
    let env: [String: String]
    let yaml: String?
    let uri: String?
    let expected: JSONObject

    var testDescription: String { "hutch-\(version) #\(index) env=\(env.keys.sorted()) yaml=\(yaml != nil) uri=\(uri ?? "-")" }

    static func load(version: String) -> [RecordedConfigSample] {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("ruby-fixtures/recorded/hutch-\(version)/config/samples.json")
        guard let text = try? String(contentsOf: url, encoding: .utf8),
            let document = try? RubyJSON.parse(text).objectValue,
            let samples = document["input"]?.objectValue?["samples"]?.arrayValue,
            let results = document["expected"]?.objectValue?["results"]?.arrayValue
        else { return [] }
        return zip(samples, results).enumerated().compactMap { index, pair in
            guard let sample = pair.0.objectValue, let expected = pair.1.objectValue else { return nil }
            var env: [String: String] = [:]
            for (key, value) in sample["env"]?.objectValue?.pairs ?? [] { env[key] = value.stringValue }
            return RecordedConfigSample(
                version: version, index: index, env: env,
                yaml: sample["yaml"]?.stringValue, uri: sample["uri"]?.stringValue, expected: expected)
        }
    }
}

@Suite struct HutchConfigCorpusTests {
    static let versions = ["1.1.0", "1.3.1", "1.4.0"]
    static let samples = versions.flatMap(RecordedConfigSample.load(version:))

    @Test func corpusIsPresent() {
        for version in Self.versions {
            #expect(RecordedConfigSample.load(version: version).count == 16, "hutch-\(version)")
        }
    }

    @Test(arguments: samples)
    func reproducesRecordedResult(_ sample: RecordedConfigSample) throws {
        let version = try #require(GemVersion(sample.version))
        let profile = VersionProfile(hutch: version, hutchScheduleLoaded: false)
        let result = try HutchConfig.load(env: sample.env, yaml: sample.yaml, uri: sample.uri, profile: profile).recordedResult
        #expect(result.keys == sample.expected.keys)
        for key in sample.expected.keys where key != "config" {
            #expect(result[key] == sample.expected[key], "\(key)")
        }
        let got = try #require(result["config"]?.objectValue)
        let want = try #require(sample.expected["config"]?.objectValue)
        #expect(got.keys == want.keys, "config key order")
        for key in want.keys {
            #expect(got[key] == want[key], "config.\(key)")
        }
    }
}
