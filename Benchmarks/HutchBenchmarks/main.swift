import Foundation
import HutchConformance
import HutchConventions

// Benchmarks print figures beside a baseline measured in the same run; they are not
// tests and assert nothing. Run: swift run -c release HutchBenchmarks [corpus path]

let corpusPath = CommandLine.arguments.dropFirst().first ?? "ruby-fixtures/recorded"
print("HutchBenchmarks — \(ProcessInfo.processInfo.processorCount) cores, corpus \(corpusPath)")

// 1. The offline check: cases per second, beside only reading the same files.
let corpus = Corpus.load(paths: [corpusPath])
let runner = ConformanceRunner(
    checkers: DefaultCheckers.all,
    environment: CheckEnvironment(now: { Date().timeIntervalSince1970 }, makeUUID: { UUID().uuidString.lowercased() }))
let caseCount = corpus.cases.count
let checkRate = measure(seconds: 2, operationsPerCall: caseCount) {
    for recorded in corpus.cases { _ = runner.run(recorded) }
}
let loadRate = measure(seconds: 2, operationsPerCall: caseCount) {
    _ = Corpus.load(paths: [corpusPath])
}
report("check: cases checked per second", unit: "cases/s", value: checkRate, baselineName: "reading+parsing the case files", baseline: loadRate)

// 2. A typical Hutch message body: Ruby-exact JSON against Foundation's JSONSerialization.
let typicalBody: JSONValue = [
    "id": 12345, "order_id": "ord_8f3a2c", "total": 99.95, "currency": "EUR",
    "items": [["sku": "A-1", "qty": 2, "price": 19.99], ["sku": "B-7", "qty": 1, "price": 59.97]],
    "customer": ["name": "Zoë Müller", "email": "zoe@example.com", "vip": true],
    "created_at": "2026-11-27T03:43:53.000Z", "note": nil,
]
let typicalBytes = (try? RubyJSON.generate(typicalBody)) ?? []
let foundationObject = (try? JSONSerialization.jsonObject(with: Data(typicalBytes))) ?? [:]

let generateRate = measure { _ = try? RubyJSON.generate(typicalBody) }
let foundationWriteRate = measure { _ = try? JSONSerialization.data(withJSONObject: foundationObject) }
report("JSON body encoded (Ruby bytes)", unit: "msg/s", value: generateRate, baselineName: "JSONSerialization.data", baseline: foundationWriteRate)

let parseRate = measure { _ = try? RubyJSON.parse(typicalBytes) }
let foundationReadRate = measure { _ = try? JSONSerialization.jsonObject(with: Data(typicalBytes)) }
report("JSON body decoded (Ruby semantics)", unit: "msg/s", value: parseRate, baselineName: "JSONSerialization.jsonObject", baseline: foundationReadRate)
