/// A small deterministic generator (splitmix64), so that fingerprint seeds, bootstrap intervals and synthetic
/// corpora repeat exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return Self.finalize(state)
    }

    /// splitmix64's output of one value: a strong 64-bit finaliser, so that seeded hashes behave independently.
    /// `mix(x)` is the first number of `SplitMix64(seed: x)`.
    public static func mix(_ value: UInt64) -> UInt64 { finalize(value &+ 0x9e37_79b9_7f4a_7c15) }

    private static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
