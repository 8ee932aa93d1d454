/// Latent's default random number generator: xoshiro256++ (Blackman & Vigna
/// 2019), 256 bits of state, period 2²⁵⁶ − 1, fast and statistically strong.
///
/// Streams are split with the generator's jump function, which advances the
/// state by 2¹²⁸ steps: ``split()`` hands out a generator that will not meet
/// this one's future output for 2¹²⁸ draws, so parallel or per-site streams
/// never overlap in practice.
public struct Xoshiro256PlusPlus: RandomNumberGenerator, Sendable, Equatable {
    /// The four state words, to save and restore a stream exactly. Never set
    /// it to all zeros, the generator's one fixed point (``init(state:)``
    /// guards against that).
    public var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose state is expanded from `seed` by ``SplitMix64``.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// A generator with exactly this state (for reproducing a saved run).
    /// An all-zero state, the one fixed point, is replaced by seed 0's state.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        self.state = state == (0, 0, 0, 0) ? Xoshiro256PlusPlus(seed: 0).state : state
    }

    /// The next 64-bit output, rotl(s₀ + s₃, 23) + s₀, after which the state advances one step.
    @inlinable
    public mutating func next() -> UInt64 {
        var (s0, s1, s2, s3) = state
        let result = (s0 &+ s3).rotatedLeft(by: 23) &+ s0
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(by: 45)
        state = (s0, s1, s2, s3)
        return result
    }

    /// Advances the state by 2¹²⁸ draws (the published jump polynomial).
    public mutating func jump() {
        let polynomial: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var jumped: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    jumped.0 ^= state.0
                    jumped.1 ^= state.1
                    jumped.2 ^= state.2
                    jumped.3 ^= state.3
                }
                _ = next()
            }
        }
        state = jumped
    }

    /// A generator for an independent stream: a copy of this one, after
    /// which this one jumps 2¹²⁸ draws ahead.
    public mutating func split() -> Xoshiro256PlusPlus {
        let child = self
        jump()
        return child
    }

    /// Whether two generators have the same state, and so will give the same outputs.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.state == rhs.state
    }
}

extension UInt64 {
    @inlinable @inline(__always)
    func rotatedLeft(by k: UInt64) -> UInt64 {
        (self << k) | (self >> (64 - k))
    }
}
