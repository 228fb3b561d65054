// libFuzzer harness: the recorded-case file reader and the conformance runner.
//
// CaseFileReader.parse must throw or return for any bytes; a case it returns must go
// through ConformanceRunner (every default checker) without crashing, whatever its
// kind, input and expected fields hold.
import HutchConformance
import HutchConventions

private let runner = ConformanceRunner(
    checkers: DefaultCheckers.all,
    environment: CheckEnvironment(now: { 1_700_000_000 }, makeUUID: { "00000000-0000-4000-8000-000000000000" }))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaseFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let recorded = try? CaseFileReader.parse(bytes, file: "fuzz.json") else { return 0 }
    _ = runner.run(recorded)
    return 0
}
