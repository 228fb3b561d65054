import Foundation
import HutchAMQP
import HutchConformance
import HutchConventions
import HutchRubyModel

// Benchmarks print figures beside a baseline measured in the same run; they are not
// tests and assert nothing. Run: swift run -c release HutchBenchmarks [corpus path];
// `HutchBenchmarks --profile SHAPE N` runs one JSON shape for callgrind (Profile.swift).

// A typical Hutch message body (sections 2 and 3 and the profile shapes).
let typicalBody: JSONValue = [
    "id": 12345, "order_id": "ord_8f3a2c", "total": 99.95, "currency": "EUR",
    "items": [["sku": "A-1", "qty": 2, "price": 19.99], ["sku": "B-7", "qty": 1, "price": 59.97]],
    "customer": ["name": "Zoë Müller", "email": "zoe@example.com", "vip": true],
    "created_at": "2026-11-27T03:43:53.000Z", "note": nil
]
let typicalBytes = (try? RubyJSON.generate(typicalBody)) ?? []
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--profile" {
    guard arguments.count == 3, let count = Int(arguments[2]) else {
        print("usage: HutchBenchmarks --profile generate|encode|parse|decode|message N")
        exit(2)
    }
    try Profile.run(arguments[1], count: count, body: typicalBody, bytes: typicalBytes)
    exit(0)
}

let corpusPath = arguments.first ?? "ruby-fixtures/recorded"
print("HutchBenchmarks — \(ProcessInfo.processInfo.processorCount) cores, corpus \(corpusPath)")

// 1. The offline check: cases per second, beside only reading the same files.
let corpus = Corpus.load(paths: [corpusPath])
let runner = ConformanceRunner(
    checkers: DefaultCheckers.all,
    environment: CheckEnvironment.system)
let caseCount = corpus.cases.count
let checkRate = measure(seconds: 2, operationsPerCall: caseCount) {
    for recorded in corpus.cases { _ = runner.run(recorded) }
}
let loadRate = measure(seconds: 2, operationsPerCall: caseCount) {
    _ = Corpus.load(paths: [corpusPath])
}
report(
    "check: cases checked per second", unit: "cases/s", value: checkRate, baselineName: "reading+parsing the case files", baseline: loadRate
)

// 2. The body: Ruby-exact JSON against Foundation's JSONSerialization.
let foundationObject = (try? JSONSerialization.jsonObject(with: Data(typicalBytes))) ?? [:]

let generateRate = measure { _ = try? RubyJSON.generate(typicalBody) }
let foundationWriteRate = measure { _ = try? JSONSerialization.data(withJSONObject: foundationObject) }
report(
    "JSON body encoded (Ruby bytes)", unit: "msg/s", value: generateRate, baselineName: "JSONSerialization.data",
    baseline: foundationWriteRate)

let parseRate = measure { _ = try? RubyJSON.parse(typicalBytes) }
let foundationReadRate = measure { _ = try? JSONSerialization.jsonObject(with: Data(typicalBytes)) }
report(
    "JSON body decoded (Ruby semantics)", unit: "msg/s", value: parseRate, baselineName: "JSONSerialization.jsonObject",
    baseline: foundationReadRate)

// 3. A whole Hutch message: Hutch.publish's conventions plus librabbitmq's encoding of
// the basic.publish and content-header payloads; and back: decoding the frames and
// building Hutch::Message's view.
let publisher = HutchPublisher(configuration: PublisherConfiguration(exchange: "hutch"))
let publishEnvironment = PublishEnvironment(now: { Int64(Date().timeIntervalSince1970) }, nextMessageID: { UUID().uuidString.lowercased() })
func encodeHutchMessage() throws -> (method: [UInt8], header: [UInt8], body: [UInt8]) {
    let message = try publisher.publish(
        routingKey: "orders.created", message: .value(typicalBody), properties: ["headers": ["trace": "abc"]],
        environment: publishEnvironment)
    return (
        try MethodCodec.encode(.basicPublish(message.method)),
        try ContentHeaderCodec.encode(properties: message.properties, bodySize: UInt64(message.body.count)),
        message.body
    )
}
let encodedSample = try encodeHutchMessage()
let deliverPayload = try MethodCodec.encode(
    .basicDeliver(
        BasicDeliver(
            consumerTag: "hutch-1", deliveryTag: 1, redelivered: false, exchange: "hutch", routingKey: "orders.created")))
let hutchEncodeRate = measure { _ = try? encodeHutchMessage() }
let plainJSONRate = measure { _ = try? JSONSerialization.data(withJSONObject: foundationObject) }
report(
    "Hutch message encoded (conventions+frames)", unit: "msg/s", value: hutchEncodeRate, baselineName: "JSONSerialization body only",
    baseline: plainJSONRate)

let hutchDecodeRate = measure {
    guard case .basicDeliver(let deliver)? = try? MethodCodec.decode(deliverPayload),
        let header = try? ContentHeaderCodec.decode(encodedSample.header)
    else { return }
    _ = try? RubyMessage(delivery: Delivery(deliver: deliver, properties: header.properties, body: encodedSample.body), serializer: .json)
}
let plainParseRate = measure { _ = try? JSONSerialization.jsonObject(with: Data(encodedSample.body)) }
report(
    "Hutch message decoded (frames+view)", unit: "msg/s", value: hutchDecodeRate, baselineName: "JSONSerialization body only",
    baseline: plainParseRate)
