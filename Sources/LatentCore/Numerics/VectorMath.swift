/// Elementary functions on eight `Float`s or eight `Double`s at a time, for
/// the kernels whose cost is one exponential and one logarithm per element
/// (the likelihood of every pixel of a minibatch, of every row of a data
/// set). glibc's `exp`/`log1p` are scalar calls; these are straight-line
/// SIMD code the compiler keeps in vector registers.
///
/// All are accurate to within 2 ulps over the stated domains (checked
/// against glibc on a dense grid by `VectorMathTests`).
public enum VectorMath {
    /// eˣ: range reduction x = n·ln 2 + r with |r| ≤ ln 2 / 2 (Cody–Waite:
    /// ln 2 split in two so that n·ln2ᵃ is exact), a degree-7 Taylor
    /// polynomial for eʳ (truncation below 3·10⁻⁹ relative), and 2ⁿ built
    /// in the exponent bits. +∞ above 88.72, 0 below −87.33 (where eˣ would
    /// be subnormal), NaN for NaN.
    @inlinable
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let low: Float = -87.33, high: Float = 88.72
        // Selects rather than `clamped`, which is not inlined.
        var clamped = x.replacing(with: low, where: x .< low)
        clamped.replace(with: high, where: clamped .> high)
        // Adding 1.5·2²³ rounds x·log₂e to the nearest integer n and leaves n
        // in the low bits of the sum, without a rounding instruction.
        let magic: Float = 12_582_912
        let shifted = clamped * Float(1.442_695_040_888_963_4) + magic
        let n = shifted - magic
        let ln2High: Float = 0.693_359_375, ln2Low: Float = -2.121_944_400_546_905_8e-4
        let r = (clamped - n * ln2High) - n * ln2Low
        var p = SIMD8<Float>(repeating: 1 / 5040)
        p = p * r + 1 / 720
        p = p * r + 1 / 120
        p = p * r + 1 / 24
        p = p * r + 1 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // 2ⁿ as two factors 2^⌊n/2⌋·2^(n − ⌊n/2⌋), each a normal Float over
        // the whole range n ∈ [−126, 128] (2¹²⁸ alone is not).
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- Int32(bitPattern: magic.bitPattern)
        let half = integer &>> 1
        let scaleHalf = unsafeBitCast((half &+ 127) &<< 23, to: SIMD8<Float>.self)
        let scaleRest = unsafeBitCast((integer &- half &+ 127) &<< 23, to: SIMD8<Float>.self)
        var result = p * scaleHalf * scaleRest
        result.replace(with: Float.infinity, where: x .> high)
        result.replace(with: 0, where: x .< low)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// log(1 + x) for 0 ≤ x ≤ 1, as 2·artanh(s) with s = x/(2 + x) ≤ 1/3:
    /// s is formed without cancellation (unlike 1 + x; the rounding error of
    /// 2 + x is recovered exactly and corrected for), and the series
    /// 2s + 2s·s²(1/3 + s²/5 + …) is cut after s¹⁴/15 (the next term is
    /// below 2·10⁻⁹ relative); the leading 2s is exact.
    @inlinable
    public static func logOnePlus(unitInterval x: SIMD8<Float>) -> SIMD8<Float> {
        let denominator = 2 + x
        let lost = (2 - denominator) + x
        let reciprocal = 1 / denominator
        let quotient = x * reciprocal
        let s = quotient - quotient * (lost * reciprocal)
        let s2 = s * s
        var q = SIMD8<Float>(repeating: 1 / 15)
        q = q * s2 + 1 / 13
        q = q * s2 + 1 / 11
        q = q * s2 + 1 / 9
        q = q * s2 + 1 / 7
        q = q * s2 + 1 / 5
        q = q * s2 + 1 / 3
        let twice = 2 * s
        return twice + twice * s2 * q
    }
}
