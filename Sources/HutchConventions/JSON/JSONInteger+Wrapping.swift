extension JSONInteger {
    /// The low 64 bits of the integer as two's complement — what Ruby's
    /// `Array#pack('q>')` writes for an Integer of any size (it wraps, it does not raise).
    package var wrappedToInt64: Int64 {
        if let int64 { return int64 }
        var text = Substring(description)
        let negative = text.first == "-"
        if negative { text = text.dropFirst() }
        var magnitude: UInt64 = 0
        for character in text.utf8 {
            magnitude = magnitude &* 10 &+ UInt64(character &- UInt8(ascii: "0"))
        }
        return Int64(bitPattern: negative ? 0 &- magnitude : magnitude)
    }

    /// The low 8 bits of the integer — what `Array#pack('C')` writes for an octet
    /// property such as `priority` (`300` → 44, `-1` → 255).
    package var wrappedToUInt8: UInt8 {
        UInt8(truncatingIfNeeded: wrappedToInt64)
    }
}
