import Foundation
import Testing

@testable import HutchConventions

/// Every recorded `queue_name` sample: `input.samples[i]` → `expected.results[i]`.
@Suite struct QueueNameCorpusTests {
    static let files = RecordedCorpus.files(kind: "queue_name")

    @Test func corpusIsPresent() {
        #expect(Self.files.count >= 4)
    }

    @Test(arguments: files)
    func recordedSamples(_ path: String) throws {
        let file = try RecordedCorpus.load(path)
        let profile = try RecordedCorpus.profile(file)
        let samples = (file["input"] as? [String: Any])?["samples"] as? [[String: Any]] ?? []
        let results = (file["expected"] as? [String: Any])?["results"] as? [String] ?? []
        #expect(samples.count == results.count)
        #expect(!samples.isEmpty)
        for (sample, expected) in zip(samples, results) {
            let consumer = ConsumerDefinition(
                className: sample["class_name"] as? String ?? "", routingKeys: [],
                queueName: sample["queue_name"] as? String,
                withoutNamespace: sample["without_namespace"] as? Bool ?? false)
            let name = QueueName.for(consumer, namespace: sample["namespace"] as? String, profile: profile)
            #expect(name == expected, "\(path): \(sample)")
        }
    }
}
