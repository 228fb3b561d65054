// libFuzzer harness: the consumer's view of a delivery and MaxRetry.
//
// Input layout: a flags byte (bit 0: identity serializer instead of JSON; bits 1-3:
// the consumer's attempts, 0-7; bit 4: headers present), a 2-byte big-endian length
// N, N bytes decoded with FieldTableCodec as the headers table (an undecodable table
// means no headers), and the rest as the body.
//
// For every input: RubyMessage(delivery:serializer:), MaxRetry.decide (and the
// republished message when it retries), FieldTable.rubyHash, BunnyTableEncoding's
// re-encoding and RubyWorkerModel.handle for a raising consumer must not crash.
import HutchAMQP
import HutchConventions
import HutchRubyModel

private let consumerKeys = ["abc.plan", "hutch.schedule.5s"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    guard input.count >= 3 else { return 0 }
    let flags = input[0]
    let serializer: Serializer = flags & 1 == 0 ? .json : .identity
    let attempts = Int((flags >> 1) & 0x7)
    let length = min(Int(input[1]) << 8 | Int(input[2]), input.count - 3)
    let tableBytes = Array(input[3..<3 + length])
    let body = Array(input[(3 + length)...])
    let headers: FieldTable? = flags & 0x10 == 0 ? nil : try? FieldTableCodec.decode(tableBytes)

    let delivery = Delivery(
        deliver: BasicDeliver(
            consumerTag: "fuzz", deliveryTag: 1, redelivered: false, exchange: "hutch", routingKey: "abc.plan"),
        properties: BasicProperties(contentType: serializer.contentType, headers: headers, messageID: "id"),
        body: body)
    _ = try? RubyMessage(delivery: delivery, serializer: serializer)

    let consumer = ConsumerDefinition(
        className: "FuzzConsumer", routingKeys: consumerKeys, attempts: attempts, serializer: serializer)
    _ = try? MaxRetry.failureCount(headers: headers, routingKeys: consumerKeys)
    let decision = MaxRetry.decide(headers: headers, consumer: consumer, payload: body)
    if let republish = decision.republish {
        _ = try? republish.message(
            using: HutchEnqueue(consumer: consumer), environment: .fixed(timestamp: 1_700_000_000, messageID: "id"))
    }
    if let headers {
        _ = headers.rubyHash
        _ = try? BunnyTableEncoding.reencodingDecoded(headers)
    }
    for profile in [VersionProfile.default, VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: false)] {
        _ = RubyWorkerModel(profile: profile).handle(
            delivery, consumer: RubyConsumerClass(definition: consumer, includesEnqueue: true),
            handler: .raising("RuntimeError"))
    }
    return 0
}
