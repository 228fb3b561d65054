// Shared by every harness (compiled into each fuzzer binary beside its own file).
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The input libFuzzer hands over, copied into a Swift array.
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Reports a broken property and aborts, so libFuzzer saves the input as a crash.
func propertyFailure(_ what: String, _ detail: @autoclosure () -> String = "") -> Never {
    let line = "FUZZ PROPERTY FAILURE: \(what)\n\(detail())\n"
    _ = line.utf8CString.withUnsafeBufferPointer { fputs($0.baseAddress, stderr) }
    abort()
}

/// Checks a property; see ``propertyFailure(_:_:)``.
func fuzzCheck(_ condition: Bool, _ what: String, _ detail: @autoclosure () -> String = "") {
    if !condition { propertyFailure(what, detail()) }
}
