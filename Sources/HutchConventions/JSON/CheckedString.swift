/// `String`s of bytes the parser has already checked — ASCII, or UTF-8 that
/// ``RubyUTF8`` found valid — made without the standard library checking them again
/// (`String(decoding:as:)` validates and repairs: about 150 instructions for a short
/// ASCII string, 400 for a short non-ASCII one).
///
/// A string of at most 15 bytes is written straight into Swift's small-string form on
/// 64-bit platforms: the bytes in order in two little-endian words, the top byte of the
/// second holding the small-string flags (ASCII or not) and the count — the form the
/// compiler itself emits for short string literals. The form is checked once per process
/// against strings the standard library makes (``smallFormMatches``); where it differs,
/// or for longer strings, the bytes go through the standard library.
enum CheckedString {
    /// The two words of a string of at most ``smallCapacity`` bytes in the small form.
    typealias SmallForm = (low: UInt64, high: UInt64)

    /// The longest string kept in the small form.
    static let smallCapacity = 15

    /// The small form of `bytes` (at most ``smallCapacity`` bytes of valid UTF-8, all of
    /// them below 0x80 when `isASCII`). With `sixteenBytesReadable`, the 16 bytes from the
    /// start of `bytes` may be read (the rest of a bigger buffer): two loads, masked;
    /// otherwise byte by byte.
    @inline(__always)
    static func smallForm(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool, sixteenBytesReadable: Bool) -> SmallForm {
        let count = bytes.count
        var low: UInt64 = 0
        var high: UInt64 = 0
        if sixteenBytesReadable {
            let base = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped)
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
                high = high << 8 | UInt64(bytes[index])
            }
            while index > 0 {
                index -= 1
                low = low << 8 | UInt64(bytes[index])
            }
        }
        let flags: UInt64 = isASCII ? 0xE0 : 0xA0
        return (low, high | (flags | UInt64(count)) << 56)
    }

    /// The string whose small form is `words`; only where ``smallFormMatches``.
    @inline(__always)
    static func string(smallForm words: SmallForm) -> String {
        withUnsafeTemporaryAllocation(of: String.self, capacity: 1) { slot in
            let raw = UnsafeMutableRawPointer(slot.baseAddress.unsafelyUnwrapped)
            raw.storeBytes(of: words.low, as: UInt64.self)
            raw.storeBytes(of: words.high, toByteOffset: 8, as: UInt64.self)
            // Taken over, not copied: a small string owns no storage to retain.
            return slot.baseAddress.unsafelyUnwrapped.move()
        }
    }

    /// The string of ASCII `bytes` through the standard library (which checks them again,
    /// without the repair `String(decoding:as:)` would prepare for).
    static func string(ascii bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            guard let source = bytes.baseAddress, bytes.count > 0 else { return 0 }
            buffer.baseAddress.unsafelyUnwrapped.initialize(from: source, count: bytes.count)
            return bytes.count
        }
    }

    /// Whether the standard library's own small strings of every length (0 to 15), ASCII and
    /// not, have exactly the words ``smallForm(_:isASCII:sixteenBytesReadable:)`` writes,
    /// both ways of reading the bytes; checked once per process.
    static let smallFormMatches: Bool = {
        guard MemoryLayout<String>.size == MemoryLayout<SmallForm>.size else { return false }
        // "é" is two bytes: its prefixes of odd length end inside a character.
        let samples = [Array("Hutch-0123456789ABCDEF".utf8), Array("éééééééééééé".utf8)]
        return samples.allSatisfy { sample in
            sample.withUnsafeBufferPointer { sample in
                (0...smallCapacity).allSatisfy { count in
                    let bytes = UnsafeBufferPointer(rebasing: sample[..<count])
                    guard let text = RubyUTF8.string(validating: bytes) else { return true }
                    let made = unsafeBitCast(text, to: SmallForm.self)
                    let isASCII = RubyUTF8.isASCII(bytes)
                    return [true, false].allSatisfy { readable in
                        smallForm(bytes, isASCII: isASCII, sixteenBytesReadable: readable) == made
                    }
                }
            }
        }
    }()
}
