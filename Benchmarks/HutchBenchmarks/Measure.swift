import Foundation

/// Runs `body` repeatedly for about `seconds` (bounded by `maxIterations`) and
/// returns operations per second, counting `operationsPerCall` per call.
func measure(seconds: Double = 1.0, maxIterations: Int = 10_000_000, operationsPerCall: Int = 1, _ body: () throws -> Void) rethrows
    -> Double
{
    for _ in 0..<3 { try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    var calls = 0
    var elapsed = 0.0
    repeat {
        try body()
        calls += 1
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < seconds && calls < maxIterations
    return Double(calls * operationsPerCall) / elapsed
}

/// Prints one row: name, figure, baseline figure and their ratio.
func report(_ name: String, unit: String, value: Double, baselineName: String? = nil, baseline: Double? = nil) {
    let figure = String(format: "%12.0f %@", value, unit)
    if let baseline, let baselineName {
        let ratio = String(format: "%.2fx", value / baseline)
        print(
            "\(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(figure)   baseline \(baselineName): \(String(format: "%.0f", baseline)) \(unit)  (\(ratio))"
        )
    } else {
        print("\(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(figure)")
    }
}
