/// A 64-bit print of an object key's bytes that lets the parser skip most `String`
/// comparisons when it looks for a repeated key.
///
/// Two ASCII keys are equal as Swift strings exactly when their bytes are equal, so
/// ASCII keys with different prints are different keys. A key with other bytes may equal
/// a key spelled with different bytes (`"é"` and `"e\u{301}"`, the Kelvin sign and
/// `"K"`, two invalid sequences both read as U+FFFD), so it gets ``nonASCII`` and is
/// compared with every key as a `String`.
enum ObjectKeyPrint {
    /// The print of every key with a byte at or above 0x80; ASCII prints never have this bit.
    static let nonASCII: UInt64 = 1 << 63

    /// The longest key printed from all its bytes (``ascii(short:sixteenBytesReadable:)``).
    static let shortKeyLength = 15

    /// The print of an ASCII key of at most ``shortKeyLength`` bytes: its bytes and its
    /// length packed into two words, mixed. With `sixteenBytesReadable`, the 16 bytes from
    /// the start of `key` may be read (the rest of a bigger buffer): two loads, masked;
    /// otherwise byte by byte.
    @inline(__always)
    static func ascii(short key: UnsafeBufferPointer<UInt8>, sixteenBytesReadable: Bool) -> UInt64 {
        let count = key.count
        var low: UInt64 = 0
        var high: UInt64 = 0
        if sixteenBytesReadable {
            let base = UnsafeRawPointer(key.baseAddress.unsafelyUnwrapped)
            low = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
            high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if count < 8 {
                low &= (1 &<< UInt64(count &* 8)) &- 1
                high = 0
            } else {
                high &= (1 &<< UInt64((count &- 8) &* 8)) &- 1
            }
        } else {
            var index = count
            while index > 8 {
                index -= 1
                high = high << 8 | UInt64(key[index])
            }
            while index > 0 {
                index -= 1
                low = low << 8 | UInt64(key[index])
            }
        }
        high |= UInt64(count) << 56
        return (low &* 0x9E37_79B9_7F4A_7C15 ^ high) & ~nonASCII
    }

    /// The print of an ASCII key of 16 bytes or more: its length and its first and last
    /// eight bytes, mixed.
    @inline(__always)
    static func ascii(long key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = key.count
        let base = UnsafeRawPointer(key.baseAddress.unsafelyUnwrapped)
        let first = base.loadUnaligned(as: UInt64.self)
        let last = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        return (first &* 0x9E37_79B9_7F4A_7C15 ^ last ^ UInt64(truncatingIfNeeded: count) &* 0xFF51_AFD7_ED55_8CCD)
            & ~nonASCII
    }

    /// Whether keys with these prints may be equal strings: equal prints, or a non-ASCII key.
    @inline(__always)
    static func mayBeEqual(_ a: UInt64, _ b: UInt64) -> Bool {
        a == b || (a | b) & nonASCII != 0
    }
}
