// libFuzzer harness: the frame and table decoding path over librabbitmq.
//
// The first byte picks the decoder (mod 3): 0 MethodCodec.decode (a method frame
// payload), 1 ContentHeaderCodec.decode (a content-header payload), 2
// FieldTableCodec.decode (a standalone table); the rest is the payload.
//
// Property: a successful decode re-encodes, the re-encoded bytes decode to an equal
// value, and encoding that value again gives the same bytes.
import HutchAMQP
import HutchConventions

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCodec(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    guard let selector = input.first else { return 0 }
    let payload = Array(input.dropFirst())
    switch selector % 3 {
    case 0: checkMethod(payload)
    case 1: checkContentHeader(payload)
    default: checkTable(payload)
    }
    return 0
}

private func checkMethod(_ payload: [UInt8]) {
    guard let method = try? MethodCodec.decode(payload) else { return }
    let encoded: [UInt8]
    do {
        encoded = try MethodCodec.encode(method)
    } catch {
        propertyFailure("a decoded method does not re-encode", "\(error)\n\(method)")
    }
    do {
        let back = try MethodCodec.decode(encoded)
        fuzzCheck(back == method, "method round trip changes the value", "\(method)\n\(back)")
        fuzzCheck((try? MethodCodec.encode(back)) == encoded, "method encoding is not stable")
    } catch {
        propertyFailure("a re-encoded method does not decode", "\(error)\n\(method)")
    }
}

private func checkContentHeader(_ payload: [UInt8]) {
    guard let (properties, bodySize) = try? ContentHeaderCodec.decode(payload) else { return }
    let encoded: [UInt8]
    do {
        encoded = try ContentHeaderCodec.encode(properties: properties, bodySize: bodySize)
    } catch {
        propertyFailure("decoded properties do not re-encode", "\(error)\n\(properties)")
    }
    do {
        let back = try ContentHeaderCodec.decode(encoded)
        fuzzCheck(
            back.properties == properties, "content-header round trip changes the properties",
            "\(properties)\n\(back.properties)")
        fuzzCheck(back.bodySize == bodySize, "content-header round trip changes the body size")
        fuzzCheck(
            (try? ContentHeaderCodec.encode(properties: back.properties, bodySize: back.bodySize)) == encoded,
            "content-header encoding is not stable")
    } catch {
        propertyFailure("re-encoded properties do not decode", "\(error)\n\(properties)")
    }
}

private func checkTable(_ payload: [UInt8]) {
    guard let table = try? FieldTableCodec.decode(payload) else { return }
    let encoded: [UInt8]
    do {
        encoded = try FieldTableCodec.encode(table)
    } catch {
        propertyFailure("a decoded table does not re-encode", "\(error)\n\(table)")
    }
    do {
        let back = try FieldTableCodec.decode(encoded)
        fuzzCheck(back == table, "table round trip changes the value", "\(table)\n\(back)")
        fuzzCheck((try? FieldTableCodec.encode(back)) == encoded, "table encoding is not stable")
    } catch {
        propertyFailure("a re-encoded table does not decode", "\(error)\n\(table)")
    }
}
