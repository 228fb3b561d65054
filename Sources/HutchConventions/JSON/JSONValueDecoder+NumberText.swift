extension JSONValueDecoder {
    /// An integer field's value from a String (``RubyJSONDecoder/acceptsNumbersInStrings``):
    /// integer text, or with ``RubyJSONDecoder/acceptsIntegralFloatsForIntegers`` also
    /// float text with no fraction (`"3.0"`).
    func unboxInteger<T: FixedWidthInteger>(_ type: T.Type, fromText text: String) throws -> T {
        if let result = T(text) { return result }
        if options.acceptsIntegralFloatsForIntegers, let number = Double(text), let result = T(exactly: number) {
            return result
        }
        let fits = JSONInteger(decimal: text) == nil ? "" : " (it does not fit in \(T.min)…\(T.max))"
        throw DecodingError.dataCorrupted(
            .init(
                codingPath: codingPath,
                debugDescription: "Expected an integer for \(T.self) in the String, found \(value.rubyInspect)\(fits)"))
    }
}
