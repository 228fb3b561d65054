// libFuzzer harness: the Ruby-exact JSON reader and writer.
//
// Properties checked for every input:
// - RubyJSON.parse, RubyJSON.multiJSONLoad and MultiJSON.load never crash, and agree:
//   the two MultiJson loaders succeed exactly when the payload is not blank and
//   parse succeeds, with the same value;
// - when parse succeeds and generate succeeds, parse(generate(v)) == v, and
//   generating again gives the same bytes;
// - Ruby's inspect of a parsed value never crashes.
import HutchConventions

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
