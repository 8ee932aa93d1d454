import LatentCore

/// The continuous Bernoulli distribution on [0, 1] (Loaiza-Ganem &
/// Cunningham 2019): p(x) = C(λ) λˣ (1 − λ)^(1−x), the correctly normalised
/// likelihood for pixel intensities in [0, 1], where the Bernoulli
/// likelihood of a VAE is not a density.
///
/// In the natural parameter r = logit λ the density is p(x) = r e^(rx)/(e^r − 1),
/// and every quantity is computed from r with formulas stable for all r:
/// log p = rx + log |r| − log |e^r − 1| (the last as r + log1mexp(−r) for
/// r > 0), F(x) = expm1(rx)/expm1(r), F⁻¹(u) = log1p(u expm1(r))/r. Near
/// r = 0 (λ = ½, the uniform distribution), where these cancel, each
/// switches to its Taylor series in r, which also carries the right
/// derivative at r = 0.
public struct ContinuousBernoulli<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    let parameter: ProbabilityParameter<Scalar>

    /// Creates continuous Bernoulli distributions from the parameter λ.
    ///
    /// - Parameters:
    ///   - probs: λ in (0, 1); its shape is the batch shape.
    ///   - validating: check that 0 < λ < 1 (on by default; switch off only
    ///     for speed in trusted code).
    /// - Throws: ``DistributionError`` unless 0 < λ < 1 (at 0 and 1 the
    ///   distribution is a point mass, with no density).
    public init(probs: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["probs": (probs, .openUnitInterval)], of: Self.self, validating: validating)
        parameter = .probs(probs)
    }

    /// Creates continuous Bernoulli distributions from the natural parameter
    /// r = logit λ.
    ///
    /// - Parameters:
    ///   - logits: r = log λ − log(1 − λ); its shape is the batch shape.
    ///   - validating: check that the logits are finite (on by default; switch
    ///     off only for speed in trusted code).
    /// - Throws: ``DistributionError`` unless the logits are finite.
    public init(logits: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["logits": (logits, .finite)], of: Self.self, validating: validating)
        parameter = .logits(logits)
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(probs: Scalar, validating: Bool = true) throws {
        try self.init(probs: Tensor(probs), validating: validating)
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(logits: Scalar, validating: Bool = true) throws {
        try self.init(logits: Tensor(logits), validating: validating)
    }

    /// λ.
    public var probs: Tensor<Scalar> { parameter.probs }
    /// The shape of the parameter, as given (`probs` or `logits`).
    public var batchShape: [Int] { parameter.tensor.shape }
    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The unit interval [0, 1].
    public var support: Constraint<Scalar> { .unitInterval }

    /// r = log λ − log(1 − λ).
    var naturalParameter: Tensor<Scalar> {
        get throws {
            let (logSuccess, logFailure) = try parameter.logProbabilities
            return try logSuccess - logFailure
        }
    }

    /// The log normaliser log(r/(e^r − 1)); −r/2 − r²/24 + r⁴/2880 for
    /// |r| < 10⁻², which also gives the right gradient at r = 0.
    func logNormaliser() throws -> Tensor<Scalar> {
        let r = try naturalParameter
        let small = try abs(r).mask(lessThan: Tensor(1e-2))
        let safe = try select(where: small, Tensor(1), r)
        let positive = try safe.clamped(to: 0, .infinity), negative = try safe.clamped(to: -.infinity, 0)
        // log|e^r − 1|: r + log(1 − e^(−r)) above 0, log(1 − e^r) below.
        let logAbsExpm1 = try select(
            where: safe.mask(greaterThan: Tensor(0)),
            positive + log1mexp(-positive), log1mexp(negative))
        let r2 = try r * r
        let series = try r * -0.5 - r2 * (1.0 / 24) + r2 * r2 * (1.0 / 2880)
        return try select(where: small, series, log(abs(safe)) - logAbsExpm1)
    }

    /// E[X] = 1/(1 − e^(−r)) − 1/r, as 1 − E at −r below 0 so that the
    /// exponential never overflows; ½ + r/12 − r³/720 for |r| < 10⁻².
    public var mean: Tensor<Scalar> {
        get throws {
            let r = try naturalParameter
            let a = try abs(r).clamped(to: 1e-2, .infinity)
            let upper = try 1 / (-expm1(-a)) - 1 / a
            let closed = try select(where: r.mask(lessThan: Tensor(0)), 1 - upper, upper)
            let series = try r * (1.0 / 12) - r * r * r * (1.0 / 720) + 0.5
            return try select(where: abs(r).mask(lessThan: Tensor(1e-2)), series, closed)
        }
    }

    /// Var[X] = 1/r² − 1/(4 sinh²(r/2)); 1/12 − r²/240 + r⁴/6048 for |r| < 10⁻².
    public var variance: Tensor<Scalar> {
        get throws {
            let r = try naturalParameter
            let a = try abs(r).clamped(to: 1e-2, .infinity)
            // 4 sinh²(a/2) = e^a·(1 − e^(−a))², written to avoid overflow: 1/(…) = e^(−a)/(1 − e^(−a))².
            let shrink = -expm1(-a)
            let closed = try 1 / (a * a) - exp(-a) / (shrink * shrink)
            let r2 = try r * r
            let series = try (1.0 / 12) - r2 * (1.0 / 240) + r2 * r2 * (1.0 / 6048)
            return try select(where: abs(r).mask(lessThan: Tensor(1e-2)), series, closed)
        }
    }

    /// H = −(r E[X] + log(r/(e^r − 1))).
    public func entropy() throws -> Tensor<Scalar> {
        try -(naturalParameter * mean + logNormaliser())
    }

    /// log p(x) = x log λ + (1 − x) log(1 − λ) + log C(λ) = rx + log(r/(e^r − 1)),
    /// since C(λ)(1 − λ) = r/(e^r − 1).
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let r = try naturalParameter
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0.5)) { x in
            try r * x + logNormaliser()
        }
    }

    /// Where the second-order series in r replace the CDF and its inverse
    /// (their error there is O(r³) < 10⁻¹⁵).
    static var seriesRadius: Scalar { 1e-5 }

    /// F(x) = expm1(rx)/expm1(r), as e^(r(x−1))·expm1(−rx)/expm1(−r) for
    /// r > 0; x + r·x(x − 1)/2 + r²·x(x − 1)(2x − 1)/12 near r = 0.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let x = try value.clamped(to: 0, 1)
        let r = try naturalParameter
        let small = try abs(r).mask(lessThan: Tensor(Self.seriesRadius))
        let safe = try select(where: small, Tensor(1), r)
        let positive = try safe.clamped(to: Scalar.leastNormalMagnitude, .infinity)
        let negative = try safe.clamped(to: -.infinity, -Scalar.leastNormalMagnitude)
        let above = try exp(positive * (x - 1)) * expm1(-positive * x) / expm1(-positive)
        let below = try expm1(negative * x) / expm1(negative)
        let quadratic = try x * (x - 1)
        let series = try x + r * quadratic * 0.5 + r * r * quadratic * (x * 2 - 1) * (1.0 / 12)
        return try select(where: small, series, select(where: safe.mask(greaterThan: Tensor(0)), above, below))
    }

    /// F⁻¹(u) = log1p(u·expm1(r))/r, r = logit λ, in the form that keeps
    /// its digits: log((1 − u) + u·eʳ)/r where u·expm1(r) < −½ (r < 0 and u
    /// near 1, where 1 + u·expm1(r) would cancel); 1 + log(u + (1 − u)e^(−r))/r
    /// above r = 700, where eʳ overflows; u + r·u(1 − u)/2 +
    /// r²·u(1 − u)(1 − 2u)/6 near r = 0.
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        let u = probability
        let r = try naturalParameter
        let small = try abs(r).mask(lessThan: Tensor(Self.seriesRadius))
        let safe = try select(where: small, Tensor(1), r)
        let overflowing = try safe.mask(greaterThan: Tensor(700))
        // Each form sees a stand-in (1) where another is taken, so that no
        // infinity reaches a gradient through a form not chosen.
        let moderate = try select(where: overflowing, Tensor(1), safe)
        let grown = try u * expm1(moderate)
        let nearMinusOne = try grown.mask(lessThan: Tensor(-0.5))
        let viaLog1p = try log1p(select(where: nearMinusOne, Tensor(0), grown)) / moderate
        let viaLog = try log((1 - u) + u * exp(moderate)) / moderate
        let large = try select(where: overflowing, safe, Tensor(1))
        let viaUpperTail = try 1 + log(u + (1 - u) * exp(-large)) / large
        let spread = try u * (1 - u)
        let series = try u + r * spread * 0.5 + r * r * spread * (1 - u * 2) * (1.0 / 6)
        let exponential = try select(where: overflowing, viaUpperTail, select(where: nearMinusOne, viaLog, viaLog1p))
        return try select(where: small, series, exponential)
    }

    /// F⁻¹(u) with u ~ Uniform(0, 1), differentiable in λ.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try icdf(Tensor<Scalar>.randomUniform(drawShape(sampleShape), using: &generator))
    }
}
