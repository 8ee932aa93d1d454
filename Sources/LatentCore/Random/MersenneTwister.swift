/// MT19937 (Matsumoto & Nishimura 1998) seeded exactly as GSL's
/// `gsl_rng_mt19937`: the same seed gives the same 32-bit outputs, bit for
/// bit, so that results can be compared with GSL-based code.
public struct MersenneTwister: RandomNumberGenerator, Sendable {
    private static let n = 624
    private static let m = 397
    private var mt: [UInt32]
    private var index: Int

    /// Seeds as `gsl_rng_set` does: seed 0 means GSL's default 4357, and
    /// only the low 32 bits are used.
    public init(seed: UInt64) {
        let s = seed == 0 ? 4357 : UInt32(truncatingIfNeeded: seed)
        mt = [UInt32](repeating: 0, count: Self.n)
        mt[0] = s
        for i in 1..<Self.n {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        index = Self.n
    }

    /// The next 32-bit output (`gsl_rng_get`).
    public mutating func next32() -> UInt32 {
        if index >= Self.n { regenerate() }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Two 32-bit outputs, the first in the high half.
    public mutating func next() -> UInt64 {
        let high = UInt64(next32())
        return high << 32 | UInt64(next32())
    }

    private mutating func regenerate() {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7FFF_FFFF
        for k in 0..<Self.n {
            let y = (mt[k] & upper) | (mt[(k + 1) % Self.n] & lower)
            mt[k] = mt[(k + Self.m) % Self.n] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }
}
