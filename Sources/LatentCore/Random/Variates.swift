import RealModule

/// Random variates of the basic distributions, drawn from any
/// `RandomNumberGenerator`. They are computed in `Double` (53 random bits)
/// and rounded for `Float`, so that Float tails are as long as Double's
/// uniform resolution allows.
extension TensorScalar {
    /// Uniform on [0, 1): the top 53 bits of one draw, scaled by 2⁻⁵³.
    @inlinable
    public static func randomUniform(using generator: inout some RandomNumberGenerator) -> Self {
        Self(uniformDouble(&generator))
    }

    /// Standard normal N(0, 1) by the Box–Muller transform (exact, no
    /// rejection): √(−2 log u₁)·cos(2π u₂) with u₁ ∈ (0, 1].
    @inlinable
    public static func randomNormal(using generator: inout some RandomNumberGenerator) -> Self {
        Self(normalPair(&generator).0)
    }

    /// Exponential with rate 1, by inversion: −log u with u ∈ (0, 1].
    @inlinable
    public static func randomExponential(using generator: inout some RandomNumberGenerator) -> Self {
        Self(-Double.log(1 - uniformDouble(&generator)))
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000): a squeeze-accelerated
    /// rejection from a transformed normal for shape ≥ 1; for shape < 1,
    /// Gamma(shape + 1)·u^(1/shape) (their boosting identity).
    /// - Precondition: `shape > 0` (distributions validate this first).
    @inlinable
    public static func randomGamma(shape: Self, using generator: inout some RandomNumberGenerator) -> Self {
        Self(gammaDouble(Double(shape), &generator))
    }

    @inlinable
    static func uniformDouble(_ generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// Two independent standard normals.
    @inlinable
    static func normalPair(_ generator: inout some RandomNumberGenerator) -> (Double, Double) {
        let u1 = 1 - uniformDouble(&generator)
        let u2 = uniformDouble(&generator)
        let radius = (-2 * Double.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (radius * Double.cos(angle), radius * Double.sin(angle))
    }

    @inlinable
    static func gammaDouble(_ shape: Double, _ generator: inout some RandomNumberGenerator) -> Double {
        if shape < 1 {
            let boost = Double.pow(1 - uniformDouble(&generator), 1 / shape)
            return gammaDouble(shape + 1, &generator) * boost
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = normalPair(&generator).0
            let t = 1 + c * x
            guard t > 0 else { continue }
            let v = t * t * t
            let u = 1 - uniformDouble(&generator)
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Double.log(u) < 0.5 * x * x + d * (1 - v + Double.log(v)) { return d * v }
        }
    }
}
