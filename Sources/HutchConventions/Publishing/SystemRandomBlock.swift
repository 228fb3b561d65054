import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random bytes from the system's cryptographically secure random source, read a block at
/// a time and handed out under a lock, each byte once.
///
/// The block is filled by `getentropy(3)` — on Linux the kernel's CSPRNG through
/// `getrandom(2)`, the source `SystemRandomNumberGenerator` reads too — 256 bytes (its
/// limit) per call: one system call per 16 message ids instead of two per id. The bytes
/// are as random as the source's; a byte handed out is cleared from the block, so none
/// is given twice. Should `getentropy` fail, the block is filled from
/// `SystemRandomNumberGenerator` instead (which stops the process rather than give
/// anything but secure random bytes).
///
/// A process that `fork`s (without `exec`) must not use it in the child: the child's copy
/// of the block would repeat the parent's next ids, as with any user-space buffer of
/// random bytes. Swift code does not run in such a child (only async-signal-safe calls
/// may between `fork` and `exec` in a multithreaded process).
package final class SystemRandomBlock: Sendable {
    /// The shared block every message id is taken from.
    package static let shared = SystemRandomBlock()

    /// 32 words: 256 bytes, `getentropy`'s most per call.
    private static let words = 32

    private struct Block {
        var words: [UInt64]
        /// The next word to hand out; `words.count` when the block is used up.
        var next: Int
    }

    private let block: Mutex<Block>

    package init() {
        block = Mutex(Block(words: Array(repeating: 0, count: Self.words), next: Self.words))
    }

    /// The next 16 random bytes, as two words.
    ///
    /// The lock is held only to take two words: a caller that finds the block used up
    /// fills a new one outside the lock (a system call), then takes its words from it and
    /// puts it in place — so concurrent publishers never wait behind `getentropy`. Of two
    /// callers refilling at once, the second takes its words from the first one's block
    /// and drops its own unused; every word handed out is still handed out once.
    package func next128() -> (UInt64, UInt64) {
        if let taken = block.withLock({ Self.take(from: &$0) }) { return taken }
        var fresh = Array(repeating: UInt64(0), count: Self.words)
        Self.fill(&fresh)
        return block.withLock { block in
            if let taken = Self.take(from: &block) { return taken }
            swap(&block.words, &fresh)
            let taken = (block.words[0], block.words[1])
            block.words[0] = 0
            block.words[1] = 0
            block.next = 2
            return taken
        }
    }

    /// Two words taken from `block` (cleared there), or `nil` when it has fewer left.
    private static func take(from block: inout Block) -> (UInt64, UInt64)? {
        guard block.next + 2 <= block.words.count else { return nil }
        let taken = (block.words[block.next], block.words[block.next + 1])
        block.words[block.next] = 0
        block.words[block.next + 1] = 0
        block.next += 2
        return taken
    }

    /// Fills `words` from the system's random source.
    private static func fill(_ words: inout [UInt64]) {
        let filled = words.withUnsafeMutableBytes { getentropy($0.baseAddress, $0.count) == 0 }
        guard !filled else { return }
        var generator = SystemRandomNumberGenerator()
        for index in words.indices { words[index] = generator.next() }
    }
}
