import Foundation
import Testing

@testable import HutchConventions

/// Every recorded `topology` case: the plan equals Ruby's declarations exactly, consumer
/// tags checked by shape.
@Suite struct TopologyCorpusTests {
    static let cases = RecordedCorpus.files(kind: "topology")

    @Test func corpusIsPresent() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases)
    func recordedDeclarations(_ path: String) throws {
        let file = try RecordedCorpus.load(path)
        let profile = try RecordedCorpus.profile(file)
        guard let input = file["input"] as? [String: Any], let expected = file["expected"] as? [String: Any],
            let recorded = expected["declarations"] as? [[String: Any]]
        else { throw RecordedCorpus.Failure(description: "\(path): shape") }
        let config = try RecordedCorpus.config(input, profile: profile)
        let orders = try RecordedCorpus.argumentKeyOrders(path)
        let rawConsumers = input["consumers"] as? [[String: Any]] ?? []
        #expect(orders.count == rawConsumers.count)
        let consumers = try rawConsumers.enumerated().map { index, raw in
            try RecordedCorpus.consumer(raw, orderedArgumentKeys: index < orders.count ? orders[index] : [])
        }

        var counter = 0
        let plan = TopologyPlan(
            profile: profile, config: config, schedule: input["schedule"] as? Bool ?? false, consumers: consumers,
            makeUUID: {
                counter += 1
                return "00000000-0000-4000-8000-\(String(repeating: "0", count: 12 - String(counter).count))\(counter)"
            })
        #expect(plan.failure == nil)
        #expect(expected["error_class"] == nil)

        let wanted = try recorded.map(RecordedCorpus.method)
        #expect(plan.declarations.count == wanted.count, "\(path): declaration count")
        for (index, (mine, theirs)) in zip(plan.declarations, wanted).enumerated() {
            if case .basicConsume(let a) = mine, case .basicConsume(let b) = theirs {
                #expect(ConsumerTag.matches(a.consumerTag, prefix: config.consumerTagPrefix), "\(path) #\(index)")
                #expect(ConsumerTag.matches(b.consumerTag, prefix: config.consumerTagPrefix), "\(path) #\(index)")
                var same = a
                same.consumerTag = b.consumerTag
                #expect(same == b, "\(path) #\(index)")
            } else {
                #expect(mine == theirs, "\(path) #\(index): \(mine.name)")
            }
        }
    }
}
