// libFuzzer harness: the Ruby-exact JSON reader and writer.
//
// Properties checked for every input:
// - RubyJSON.parse, RubyJSON.multiJSONLoad and MultiJSON.load never crash, and agree:
//   the two MultiJson loaders succeed exactly when the payload is not blank and
//   parse succeeds, with the same value;
// - when parse succeeds and generate succeeds, parse(generate(v)) == v, and
//   generating again gives the same bytes;
// - Ruby's inspect of a parsed value never crashes;
// - the parser reads a body in place, so the same bytes give the same value or the same
//   error (offsets from the body's start) as an Array, as a slice in the middle of a
//   bigger buffer and as a collection without contiguous storage (which is copied);
// - the typed decoder reads the same value: `RubyJSONDecoder.decode(JSONValue.self, from:)`
//   agrees with `multiJSONLoad`, and a `Decodable` type decodes from the bytes as from
//   the parsed value.
import HutchConventions

/// A small Hutch-like body type for the typed decoding property.
private struct FuzzBody: Decodable, Equatable {
    var id: Int?
    var name: String?
    var total: Double?
    var tags: [String]?
    var nested: [String: JSONValue]?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let parsed = Result { () throws(RubyJSONError) in try RubyJSON.parse(bytes) }
    let viaMultiJSON = Result { () throws(RubyJSONError) in try RubyJSON.multiJSONLoad(bytes) }
    let viaLoad = Result { () throws(RubyException) in try MultiJSON.load(bytes) }
    let blank = bytes.allSatisfy { $0 == 0x20 || (0x09...0x0D).contains($0) }

    switch (parsed, viaMultiJSON) {
    case (.success(let a), .success(let b)):
        fuzzCheck(a == b, "multiJSONLoad and parse return different values")
    case (.success, .failure):
        fuzzCheck(blank, "multiJSONLoad refuses a non-blank document that parse accepts")
    case (.failure, .success):
        propertyFailure("multiJSONLoad accepts a document that parse refuses")
    case (.failure, .failure):
        break
    }
    switch (viaMultiJSON, viaLoad) {
    case (.success(let a), .success(let b)):
        fuzzCheck(a == b, "MultiJSON.load and RubyJSON.multiJSONLoad return different values")
    case (.failure, .failure):
        break
    default:
        propertyFailure("MultiJSON.load and RubyJSON.multiJSONLoad disagree on success")
    }

    let framed = [0x7B, 0x22] + bytes + [0x22, 0x7D]
    let inSlice = Result { () throws(RubyJSONError) in try RubyJSON.parse(framed[2..<(2 + bytes.count)]) }
    let copied = Result { () throws(RubyJSONError) in try RubyJSON.parse(bytes.lazy.map { $0 }) }
    for (other, how) in [(inSlice, "a slice of a bigger buffer"), (copied, "a non-contiguous collection")] {
        switch (parsed, other) {
        case (.success(let a), .success(let b)): fuzzCheck(a == b, "parse of \(how) returns a different value")
        case (.failure(let a), .failure(let b)): fuzzCheck(a == b, "parse of \(how) fails differently", "\(a)\n\(b)")
        default: propertyFailure("parse of \(how) disagrees on success")
        }
    }

    let decoder = RubyJSONDecoder()
    let typedValue = Result { try decoder.decode(JSONValue.self, from: bytes) }
    switch (viaMultiJSON, typedValue) {
    case (.success(let a), .success(let b)): fuzzCheck(a == b, "decode(JSONValue.self) returns a different value")
    case (.failure, .failure): break
    default: propertyFailure("decode(JSONValue.self) and multiJSONLoad disagree on success")
    }
    if case .success(let loaded) = viaMultiJSON {
        let fromBytes = try? decoder.decode(FuzzBody.self, from: bytes)
        let fromValue = try? decoder.decode(FuzzBody.self, from: loaded)
        fuzzCheck(fromBytes == fromValue, "a Decodable reads the bytes and the parsed value differently")
    }

    guard case .success(let value) = parsed else { return 0 }
    _ = value.rubyInspect
    guard let generated = try? RubyJSON.generate(value) else { return 0 }
    let reparsed: JSONValue
    do {
        reparsed = try RubyJSON.parse(generated)
    } catch {
        propertyFailure(
            "parse refuses what generate wrote",
            "\(error)\ngenerated: \(String(decoding: generated, as: UTF8.self))")
    }
    fuzzCheck(
        reparsed == value, "parse(generate(v)) != v",
        "v: \(value.rubyInspect)\nback: \(reparsed.rubyInspect)\ngenerated: \(String(decoding: generated, as: UTF8.self))")
    let again = try? RubyJSON.generate(reparsed)
    fuzzCheck(again == generated, "generate is not stable across a round trip")
    return 0
}
