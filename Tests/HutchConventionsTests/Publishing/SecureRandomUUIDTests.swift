import Dispatch
import HutchTestSupport
import Synchronization
import Testing

@testable import HutchConventions

/// `SecureRandom.uuid`'s ids taken from ``SystemRandomBlock`` (random bytes read 256 at a
/// time): still unique, random in every bit Ruby leaves random, and of Ruby's exact shape.
@Suite struct SecureRandomUUIDTests {
    /// Ruby's shape, spelled out rather than with ``SecureRandomUUID/matches(_:)``: 36
    /// characters, lowercase hex, dashes at 8, 13, 18 and 23, version `4`, variant 8–b.
    static func hasRubyShape(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == 36 else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            switch index {
            case 8, 13, 18, 23: byte == UInt8(ascii: "-")
            case 14: byte == UInt8(ascii: "4")
            case 19: "89ab".utf8.contains(byte)
            default: "0123456789abcdef".utf8.contains(byte)
            }
        }
    }

    /// The 128 bits of an id (its 32 hex digits).
    static func bits(_ id: String) -> [Bool] {
        id.compactMap(\.hexDigitValue).flatMap { digit in (0..<4).map { digit >> (3 - $0) & 1 == 1 } }
    }

    /// The id's text for given words against each byte written out as two hex digits
    /// (`String(_:radix:)`), dashes after bytes 3, 5, 7 and 9: digits eight at a time are
    /// the same digits.
    @Test func eightDigitsAtOnceAreEachBytesTwoDigits() {
        var generator = SeededGenerator(state: 0x0055_1D00)
        var words: [(UInt64, UInt64)] = [(0, 0), (.max, .max), (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210)]
        for _ in 0..<5_000 { words.append((generator.next(), generator.next())) }
        for (high, low) in words {
            let bytes = (0..<16).map { UInt8(truncatingIfNeeded: ($0 < 8 ? high : low) >> (UInt64($0 % 8) * 8)) }
            var expected = ""
            for (index, byte) in bytes.enumerated() {
                if [4, 6, 8, 10].contains(index) { expected += "-" }
                expected += (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
            #expect(SecureRandomUUID.text(high: high, low: low) == expected)
        }
    }

    @Test func manyIdsAcrossManyBlocksAreUniqueAndOfRubysShape() {
        // 20,000 ids: 1,250 blocks of 16.
        let ids = (0..<20_000).map { _ in SecureRandomUUID.make() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy(Self.hasRubyShape))
        #expect(ids.allSatisfy { SecureRandomUUID.matches($0) })
    }

    @Test func everyRandomBitVariesAndTheVersionAndVariantBitsDoNot() {
        var seenSet = [Bool](repeating: false, count: 128)
        var seenClear = [Bool](repeating: false, count: 128)
        for _ in 0..<2_000 {
            for (index, bit) in Self.bits(SecureRandomUUID.make()).enumerated() {
                if bit { seenSet[index] = true } else { seenClear[index] = true }
            }
        }
        // Version 4 (0100) in bits 48–51, variant 10 in bits 64–65: fixed. The other 122
        // are random: each is set in some of 2,000 ids and clear in others (a bit stuck at
        // one value, say a block handed out after it was cleared, has odds of 2^-2000).
        let fixed: [Int: Bool] = [48: false, 49: true, 50: false, 51: false, 64: true, 65: false]
        for index in 0..<128 {
            if let value = fixed[index] {
                #expect(seenSet[index] == value && seenClear[index] == !value, "bit \(index) is fixed at \(value)")
            } else {
                #expect(seenSet[index] && seenClear[index], "bit \(index) is random")
            }
        }
    }

    @Test func idsTakenConcurrentlyAreUnique() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { (0..<2_000).map { _ in SecureRandomUUID.make() } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(ids.count == 16_000)
        #expect(Set(ids).count == ids.count)
    }

    @Test func aBlockHandsOutEachWordOnce() {
        let block = SystemRandomBlock()
        let words = (0..<100).flatMap { _ in
            let (high, low) = block.next128()
            return [high, low]
        }
        // 200 words: six fills of 32, the last partly used. None is the cleared 0 (odds 2^-64 each).
        #expect(Set(words).count == words.count)
        #expect(!words.contains(0))
    }

    @Test func refillsRacingOnOneBlockHandOutEachWordOnce() {
        // Eight threads draw 16 words at a time from one block: refills (made outside the
        // lock) race, and none may repeat or leak a cleared word.
        let block = SystemRandomBlock()
        let drawn = Mutex<[UInt64]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            var mine: [UInt64] = []
            for _ in 0..<2_000 {
                let (high, low) = block.next128()
                mine += [high, low]
            }
            drawn.withLock { $0 += mine }
        }
        let words = drawn.withLock { $0 }
        #expect(words.count == 32_000)
        #expect(Set(words).count == words.count)
        #expect(!words.contains(0))
    }
}
