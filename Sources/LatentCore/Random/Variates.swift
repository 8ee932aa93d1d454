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

    /// Uniform on the open interval (0, 1): (k + ½)·2⁻⁵² for k uniform in
    /// 0..<2⁵², a grid symmetric about ½ whose points are all Doubles (below
    /// 1 they are 2⁻⁵³ apart) and on which 1 − u lies too, exactly, so that
    /// transforms with a pole at either end (log u, log(1 − u)) stay finite
    /// and both tails reach equally far, to u = 2⁻⁵³.
    @inlinable
    public static func randomOpenUniform(using generator: inout some RandomNumberGenerator) -> Self {
        Self((Double(generator.next() >> 12) + 0.5) * 0x1p-52)
    }

    /// Standard logistic, log(u/(1 − u)) for an open uniform u: within
    /// ±36.7 in either precision.
    @inlinable
    public static func randomLogistic(using generator: inout some RandomNumberGenerator) -> Self {
        let u = Double.randomOpenUniform(using: &generator)
        return Self(Double.log(u) - Double.log(1 - u))
    }

    /// Standard Gumbel (of maxima), −log(−log u) for an open uniform u.
    @inlinable
    public static func randomGumbel(using generator: inout some RandomNumberGenerator) -> Self {
        Self(-Double.log(-Double.log(Double.randomOpenUniform(using: &generator))))
    }

    /// Standard Laplace, log(2u) below u = ½ and −log(2(1 − u)) above, for
    /// an open uniform u (2u and 2(1 − u) are exact).
    @inlinable
    public static func randomLaplace(using generator: inout some RandomNumberGenerator) -> Self {
        let u = Double.randomOpenUniform(using: &generator)
        return Self(u < 0.5 ? Double.log(2 * u) : -Double.log(2 * (1 - u)))
    }

    /// Exponential with rate 1, −log(1 − u) for an open uniform u (1 − u
    /// is exact): in (0, 36.7], never 0, so that powers and logarithms of
    /// it stay finite.
    @inlinable
    public static func randomPositiveExponential(using generator: inout some RandomNumberGenerator) -> Self {
        Self(-Double.log(1 - Double.randomOpenUniform(using: &generator)))
    }

    /// Standard normal N(0, 1) by the Box–Muller transform (exact, no
    /// rejection): √(−2 log u₁)·cos(2π u₂) with u₁ ∈ (0, 1].
    @inlinable
    public static func randomNormal(using generator: inout some RandomNumberGenerator) -> Self {
        Self(firstNormal(&generator))
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

    /// log G for G ~ Gamma(shape, 1), drawn in log space so that it stays
    /// exact where G itself underflows (for shape 10⁻³, G < 10⁻³⁰⁸ about
    /// once in four draws): for shape ≥ 1, log d + 3 log(1 + c·x) of the
    /// Marsaglia–Tsang draw d(1 + c·x)³; for shape < 1, the boost in logs,
    /// log G(shape + 1) + log(u)/shape. −∞ only where log G itself is below
    /// −1.8·10³⁰⁸ (shapes below 10⁻³⁰⁶).
    /// - Precondition: `shape > 0` and finite.
    @inlinable
    public static func randomLogGamma(shape: Double, using generator: inout some RandomNumberGenerator) -> Double {
        if shape < 1 {
            let boost = Double.log(1 - uniformDouble(&generator)) / shape
            return randomLogGamma(shape: shape + 1, using: &generator) + boost
        }
        let (d, s) = marsagliaTsang(shape, &generator)
        return Double.log(d) + 3 * Double.log(onePlus: s)
    }

    /// log(X/(1 − X)) for X ~ Beta(a, b), the difference of two gamma
    /// variates drawn in log space: exact where both gammas underflow, and
    /// X = σ(d), 1 − X = σ(−d) both keep their digits. Where both log-gammas
    /// are −∞ (a, b below about 10⁻³⁰⁶), ±∞ with probabilities a/(a + b)
    /// and b/(a + b), the limit of Beta(a, b) as both shrink in proportion.
    /// - Precondition: a, b > 0 and finite.
    public static func randomBetaLogOdds(_ a: Double, _ b: Double, using generator: inout some RandomNumberGenerator) -> Double {
        let first = randomLogGamma(shape: a, using: &generator), second = randomLogGamma(shape: b, using: &generator)
        if first == -.infinity && second == -.infinity {
            return uniformDouble(&generator) * (a + b) < a ? .infinity : -.infinity
        }
        return first - second
    }

    @inlinable
    static func uniformDouble(_ generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// Two independent standard normals, from the generator's next two
    /// outputs (see ``normalPair(words:_:)``).
    @inlinable
    static func normalPair(_ generator: inout some RandomNumberGenerator) -> (Double, Double) {
        let first = generator.next()
        return normalPair(words: first, generator.next())
    }

    /// The first of ``normalPair(_:)``'s two normals alone.
    @inlinable
    static func firstNormal(_ generator: inout some RandomNumberGenerator) -> Double {
        let first = generator.next()
        return firstNormal(words: first, generator.next())
    }

    /// The two standard normals Box–Muller makes of two outputs of a
    /// 64-bit generator, `first` then `second`: u₁ = 1 − ⌊first/2¹¹⌋·2⁻⁵³
    /// ∈ (0, 1], u₂ = ⌊second/2¹¹⌋·2⁻⁵³, r = √(−2 log u₁), θ = 2πu₂,
    /// (r cos θ, r sin θ). ``randomNormal(using:)`` is the first of the pair
    /// made of the generator's next two outputs: drawing the words on one
    /// thread and transforming them on others gives its values.
    @inlinable
    public static func normalPair(words first: UInt64, _ second: UInt64) -> (Double, Double) {
        let (radius, angle) = polarNormal(words: first, second)
        return (radius * Double.cos(angle), radius * Double.sin(angle))
    }

    /// The first of ``normalPair(words:_:)``'s two normals, r cos θ, to the
    /// bit, without the sine that only the second needs (a third of the
    /// work of a draw: one use of each pair is the common case).
    @inlinable
    public static func firstNormal(words first: UInt64, _ second: UInt64) -> Double {
        let (radius, angle) = polarNormal(words: first, second)
        return radius * Double.cos(angle)
    }

    /// Box–Muller's r = √(−2 log u₁) and θ = 2πu₂ of two generator outputs.
    @inlinable
    static func polarNormal(words first: UInt64, _ second: UInt64) -> (radius: Double, angle: Double) {
        let u1 = 1 - Double(first >> 11) * 0x1p-53
        let u2 = Double(second >> 11) * 0x1p-53
        return ((-2 * Double.log(u1)).squareRoot(), 2 * Double.pi * u2)
    }

    @inlinable
    static func gammaDouble(_ shape: Double, _ generator: inout some RandomNumberGenerator) -> Double {
        if shape < 1 {
            let boost = Double.pow(1 - uniformDouble(&generator), 1 / shape)
            return gammaDouble(shape + 1, &generator) * boost
        }
        let (d, s) = marsagliaTsang(shape, &generator)
        let t = 1 + s
        return d * (t * t * t)
    }

    /// One accepted Marsaglia–Tsang draw for shape ≥ 1, as (d, s) with the
    /// gamma variate d(1 + s)³, d = shape − ⅓, s = x/√(9d), x normal.
    ///
    /// Their exact test log u < x²/2 + d(1 − v + log v), v = (1 + s)³, is
    /// evaluated as log u < d·g(s) with g(s) = 3(log(1 + s) − s + s²/2) − s³
    /// (the x²/2 = 4.5 d s² folded in): the two sides of the original cancel
    /// to O(1) from terms of order d·s², which for shapes beyond 10¹⁰ loses
    /// every digit and thins the tails. The acceptance rate is above 0.95
    /// for every shape ≥ 1.
    @inlinable
    static func marsagliaTsang(_ shape: Double, _ generator: inout some RandomNumberGenerator) -> (d: Double, s: Double) {
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = firstNormal(&generator)
            let s = c * x
            guard s > -1 else { continue }
            let u = 1 - uniformDouble(&generator)
            if u < 1 - 0.0331 * x * x * x * x { return (d, s) }
            if Double.log(u) < d * cubicRemainder(s) { return (d, s) }
        }
    }

    /// g(s) = 3(log(1 + s) − s + s²/2) − s³ = −¾s⁴ + ⅗s⁵ − ½s⁶ + …, by its
    /// series for |s| < 0.1 (to 10⁻¹⁷ relative) and directly beyond.
    @inlinable
    static func cubicRemainder(_ s: Double) -> Double {
        guard Swift.abs(s) < 0.1 else {
            return 3 * (Double.log(onePlus: s) - s + s * s / 2) - s * s * s
        }
        var total = 0.0
        var power = s * s * s * s
        for k in 4...20 {
            let term = 3 * power / Double(k)
            total += k % 2 == 0 ? -term : term
            power *= s
        }
        return total
    }
}
