import HutchConventions
import Testing

@testable import HutchAMQP

/// The encode buffer grows when librabbitmq runs out of room.
@Suite struct LibRabbitMQCodecTests {
    static let headers = FieldTable(pairs: (0..<300).map { ("header-\($0)", .longString(Array(repeating: 0x61, count: 100))) })

    @Test("Method arguments: a tiny first buffer grows until the encoding fits")
    func methodGrowth() throws {
        let method = AMQPMethod.queueDeclare(QueueDeclare(queue: "q", arguments: Self.headers))
        let size = try WireSize.arguments(of: method)
        let grown = try LibRabbitMQCodec.encodeArguments(of: method, sizeHint: size, initialCapacity: 8)
        #expect(grown.count == size)
        #expect(Array(try MethodCodec.encode(method).dropFirst(4)) == grown)
    }

    @Test("Properties: a tiny first buffer grows until the encoding fits")
    func propertiesGrowth() throws {
        let properties = BasicProperties(contentType: "application/json", headers: Self.headers)
        let size = try WireSize.properties(properties)
        let grown = try LibRabbitMQCodec.encodeProperties(properties, sizeHint: size, initialCapacity: 8)
        #expect(grown.count == size)
        #expect(try LibRabbitMQCodec.decodeProperties(grown[...]) == properties)
    }

    @Test("Tables: a tiny first buffer grows until the encoding fits")
    func tableGrowth() throws {
        let size = try WireSize.table(Self.headers)
        let grown = try LibRabbitMQCodec.encodeTable(Self.headers, sizeHint: size, initialCapacity: 8)
        #expect(grown == (try FieldTableCodec.encode(Self.headers)))
    }

    @Test("A size hint that is far too small still encodes (the limit is at least 64 KiB)")
    func wrongHint() throws {
        let table = FieldTable(pairs: [("k", .longString(Array(repeating: 1, count: 10_000)))])
        let encoded = try LibRabbitMQCodec.encodeTable(table, sizeHint: 10, initialCapacity: 8)
        #expect(encoded.count == 4 + 2 + 1 + 4 + 10_000)
    }

    @Test("Measured sizes equal librabbitmq's output for every method sample", arguments: MethodCodecTests.samples)
    func measuredSize(sample: MethodCodecTests.Sample) throws {
        #expect(try WireSize.arguments(of: sample.method) + 4 == MethodCodec.encode(sample.method).count)
    }
}
