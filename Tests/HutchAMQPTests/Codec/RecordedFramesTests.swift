import HutchConventions
import HutchTestSupport
import Testing

@testable import HutchAMQP

/// Every method and content-header frame the Ruby gems wrote or read decodes with the
/// codec and re-encodes to the identical bytes (FINDINGS.md, "librabbitmq").
@Suite struct RecordedFramesTests {
    @Test("Recorded frames round-trip byte for byte")
    func roundTrip() async {
        #expect(RecordedFrames.caseFiles.count > 300)
        await checkEveryCase(RecordedFrames.caseFiles, Self.roundTrip(caseFile:))
    }

    private static func roundTrip(caseFile: String) throws {
        for frame in try RecordedFrames.frames(inCaseFile: caseFile) {
            let payload = try #require(frame.payload, "payload_hex is not hex at \(frame.location)")
            switch frame.type {
            case 1:
                let method = try MethodCodec.decode(payload)
                let encoded = try MethodCodec.encode(method)
                #expect(
                    encoded == payload,
                    "\(method.name) at \(frame.location): \(HexBytes.encode(encoded)) != \(HexBytes.encode(payload))")
            default:
                let (properties, bodySize) = try ContentHeaderCodec.decode(payload)
                let encoded = try ContentHeaderCodec.encode(properties: properties, bodySize: bodySize)
                #expect(
                    encoded == payload,
                    "content header at \(frame.location): \(HexBytes.encode(encoded)) != \(HexBytes.encode(payload))")
            }
        }
    }

    @Test("The corpus holds method and content-header frames of every modelled kind")
    func corpusIsNotEmpty() throws {
        let frames = try RecordedFrames.allFrames()
        let methods = frames.filter { $0.type == 1 }
        let headers = frames.filter { $0.type == 2 }
        print(
            "RecordedFramesTests: \(frames.count) frames (\(methods.count) method, \(headers.count) content header) in \(RecordedFrames.caseFiles.count) case files"
        )
        #expect(methods.count > 0)
        #expect(headers.count > 0)
        let names = Set(try methods.compactMap { $0.payload }.map { try MethodCodec.decode($0).name })
        #expect(
            names.isSuperset(of: [
                "basic.publish", "basic.deliver", "queue.declare", "queue.bind",
                "exchange.declare", "basic.qos", "basic.consume"
            ]))
    }

    @Test("A duplicate CC header key survives decoding and re-encoding")
    func duplicateHeaderKeys() throws {
        let headers = try RecordedFrames.allFrames()
            .filter { $0.type == 2 }
            .compactMap { $0.payload }
            .map { try ContentHeaderCodec.decode($0).properties }
            .compactMap { $0.headers }
        let withTwoCC = headers.filter { table in table.entries.filter { $0.key == "CC" }.count == 2 }
        #expect(!withTwoCC.isEmpty)
        for table in withTwoCC {
            let encoded = try ContentHeaderCodec.encode(properties: BasicProperties(headers: table), bodySize: 0)
            let decoded = try ContentHeaderCodec.decode(encoded).properties.headers
            #expect(decoded == table)
        }
    }
}
