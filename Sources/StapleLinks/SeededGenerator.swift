/// A small deterministic random number generator (SplitMix64), so a link's jitter can be
/// replayed from its seed.
struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// A stream determined by `seed`.
    init(seed: UInt64) { self.state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed for stream number `index` derived from `seed` (distinct streams for distinct indices).
    static func derive(_ seed: UInt64, index: UInt64) -> UInt64 {
        var mixer = SeededGenerator(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }
}
