/// The `Double` functions take eight lanes, as the `Float` ones do: built
/// for baseline x86-64 (SSE2, two `Double`s to a register), eight lanes are
/// four independent registers, enough independent work to keep the
/// arithmetic units busy through the latency of each polynomial, which
/// four lanes leave them waiting on.
extension VectorMath {
    /// eˣ on eight `Double`s: range reduction x = n·ln 2 + r with
    /// |r| ≤ ln 2 / 2 (Cody–Waite: ln 2 split into a 32-bit head, so that
    /// n·ln2ᵃ is exact for |n| ≤ 1024, and a tail), a degree-13 Taylor
    /// polynomial for eʳ (truncation below 6·10⁻¹⁸ relative, about a
    /// twentieth of an ulp), and 2ⁿ built in the exponent bits. +∞ above
    /// ln(`greatestFiniteMagnitude`) ≈ 709.78, 0 below −1022·ln 2 ≈ −708.40
    /// (where eˣ would be subnormal), NaN for NaN.
    @inlinable
    public static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let low = -708.396_418_532_264_1, high = 709.782_712_893_384
        // Selects rather than `clamped`, which is not inlined.
        var clamped = x.replacing(with: low, where: x .< low)
        clamped.replace(with: high, where: clamped .> high)
        // Adding 1.5·2⁵² rounds x·log₂e to the nearest integer n and leaves n
        // in the low bits of the sum, without a rounding instruction.
        let magic = 6_755_399_441_055_744.0
        let shifted = clamped * 1.442_695_040_888_963_4 + magic
        let n = shifted - magic
        let ln2High = 6.931_471_803_691_238_164_9e-1, ln2Low = 1.908_214_929_270_587_700_0e-10
        let r = (clamped - n * ln2High) - n * ln2Low
        // Estrin's scheme: pairs, then pairs of pairs, so that the longest
        // chain of dependent operations is a handful of steps, not Horner's 13.
        // 1 + r is added last, where the rounding of the rest is scaled by r².
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let a0 = 1 / 2 + r * (1 / 6), a1 = 1 / 24 + r * (1 / 120)
        let a2 = 1 / 720 + r * (1 / 5_040), a3 = 1 / 40_320 + r * (1 / 362_880)
        let a4 = 1 / 3_628_800 + r * (1 / 39_916_800), a5 = 1 / 479_001_600 + r * (1 / 6_227_020_800)
        let b0 = a0 + r2 * a1, b1 = a2 + r2 * a3, b2 = a4 + r2 * a5
        let p = 1 + (r + r2 * (b0 + r4 * b1 + r8 * b2))
        var result = scale(p, byTwoToThe: shifted, magic: magic)
        result.replace(with: Double.infinity, where: x .> high)
        result.replace(with: 0, where: x .< low)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// p·2ⁿ for the integer n that `shifted` = n + `magic` holds in its low
    /// bits, as p·2^⌊n/2⌋·2^(n − ⌊n/2⌋), multiplied in that order: each
    /// factor is a normal `Double` over the whole range n ∈ [−1022, 1024]
    /// (2¹⁰²⁴ alone is not). n is offset by 2048 so that halving is a
    /// logical shift: x86 before AVX-512 has no arithmetic shift of 64-bit
    /// lanes.
    @inlinable @inline(__always)
    static func scale(_ p: SIMD8<Double>, byTwoToThe shifted: SIMD8<Double>, magic: Double) -> SIMD8<Double> {
        let offset = unsafeBitCast(shifted, to: SIMD8<UInt64>.self) &- magic.bitPattern &+ 2048
        let half = offset &>> 1
        let rest = offset &- half
        // Each factor's biased exponent is its share of n plus 1023, that is
        // its share of the offset n + 2048 less 1024 − 1023 = 1.
        let scaleHalf = unsafeBitCast((half &- 1) &<< 52, to: SIMD8<Double>.self)
        let scaleRest = unsafeBitCast((rest &- 1) &<< 52, to: SIMD8<Double>.self)
        return p * scaleHalf * scaleRest
    }

    /// log(1 + x) on eight `Double`s for 0 ≤ x ≤ 1, through s = x/(2 + x)
    /// ≤ 1/3 and log(1 + x) = 2·artanh(s) = 2s + s·R with
    /// R = 2s²(1/3 + s²/5 + …), written as x − (x²/2 − s·(x²/2 + R)) since
    /// 2s = x − s·x: the leading x is exact, so the rounding of s only
    /// reaches the smaller correction term. The rounding error of 2 + x is
    /// recovered exactly and corrected for in s. The series is cut after
    /// s²⁸/31 inside R (the next term is below 2·10⁻¹⁷ relative).
    @inlinable
    public static func logOnePlus(unitInterval x: SIMD8<Double>) -> SIMD8<Double> {
        let denominator = 2 + x
        let lost = (2 - denominator) + x
        let reciprocal = 1 / denominator
        let quotient = x * reciprocal
        let s = quotient - quotient * (lost * reciprocal)
        // Estrin's scheme in t = s², as in `exp`.
        let t = s * s, t2 = t * t, t4 = t2 * t2, t8 = t4 * t4
        let a0 = 1 / 3 + t * (1 / 5), a1 = 1 / 7 + t * (1 / 9)
        let a2 = 1 / 11 + t * (1 / 13), a3 = 1 / 15 + t * (1 / 17)
        let a4 = 1 / 19 + t * (1 / 21), a5 = 1 / 23 + t * (1 / 25), a6 = 1 / 27 + t * (1 / 29)
        let b0 = a0 + t2 * a1, b1 = a2 + t2 * a3, b2 = a4 + t2 * a5, b3 = a6 + t2 * (1 / 31)
        let q = (b0 + t4 * b1) + t8 * (b2 + t4 * b3)
        let series = 2 * t * q
        let halfSquare = 0.5 * x * x
        return x - (halfSquare - s * (halfSquare + series))
    }
}
