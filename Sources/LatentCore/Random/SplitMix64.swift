/// SplitMix64 (Steele, Lea & Flood 2014): a tiny generator whose only job in
/// Latent is to expand one 64-bit seed into the 256-bit state of
/// ``Xoshiro256PlusPlus``, as its authors recommend (nearby seeds then give
/// unrelated states).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The 64-bit state, advanced by the golden-ratio increment 0x9E3779B97F4A7C15 on every draw.
    public private(set) var state: UInt64

    /// A generator whose state starts at `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64-bit output: the state advanced, then mixed by two xor-shift-multiply rounds.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
