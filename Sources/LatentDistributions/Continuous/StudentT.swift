import LatentCore

/// Student's t distribution with ν degrees of freedom, location μ and
/// scale σ, with density
/// p(x) = Γ((ν+1)/2)/(Γ(ν/2)√(νπ)σ) · (1 + z²/ν)^(−(ν+1)/2), z = (x − μ)/σ.
///
/// Draws are μ + σ·Z·√(ν/W) with Z ~ N(0, 1) and W ~ χ²(ν): reparameterised
/// in μ and σ explicitly and in ν through the χ² (gamma) draw's implicit
/// gradient.
public struct StudentT<Scalar: TensorScalar>: ImplicitlyReparameterized, DistributionWithMoments, DistributionWithEntropy,
    DistributionWithCDF
{
    /// ν > 0.
    public let degreesOfFreedom: Tensor<Scalar>
    /// The location μ (the median, and the mean for ν > 1).
    public let loc: Tensor<Scalar>
    /// σ > 0.
    public let scale: Tensor<Scalar>
    /// The broadcast shape of `degreesOfFreedom`, `loc` and `scale`.
    public let batchShape: [Int]

    /// Creates Student's t distributions with ν degrees of freedom, location μ
    /// and scale σ.
    ///
    /// - Parameters:
    ///   - degreesOfFreedom: ν > 0 (need not be an integer).
    ///   - loc: the location μ.
    ///   - scale: the scale σ > 0; the batch shape is the broadcast of the
    ///     shapes of the three parameters.
    ///   - validating: check that the parameters are finite and ν and σ
    ///     positive (on by default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for non-positive or infinite ν or σ, an infinite μ, or NaN
    ///   (ν = ∞ is the normal distribution: use ``Normal``).
    public init(degreesOfFreedom: Tensor<Scalar>, loc: Tensor<Scalar>, scale: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["degreesOfFreedom": (degreesOfFreedom, .positive), "degreesOfFreedom": (degreesOfFreedom, .finite),
             "loc": (loc, .finite), "scale": (scale, .positive), "scale": (scale, .finite)],
            of: Self.self, validating: validating)
        self.degreesOfFreedom = degreesOfFreedom
        self.loc = loc
        self.scale = scale
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(degreesOfFreedom: Scalar, loc: Scalar, scale: Scalar, validating: Bool = true) throws {
        try self.init(degreesOfFreedom: Tensor(degreesOfFreedom), loc: Tensor(loc), scale: Tensor(scale), validating: validating)
    }

    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The real line.
    public var support: Constraint<Scalar> { .real }

    /// μ for ν > 1; undefined (NaN) otherwise.
    public var mean: Tensor<Scalar> {
        get throws {
            try select(where: degreesOfFreedom.mask(greaterThan: Tensor(1)), loc, Tensor(.nan)).expanded(to: batchShape)
        }
    }

    /// σ²ν/(ν − 2) for ν > 2, +∞ for 1 < ν ≤ 2, undefined (NaN) for ν ≤ 1.
    public var variance: Tensor<Scalar> {
        get throws {
            let nu = degreesOfFreedom
            let finite = try scale * scale * nu / (nu - 2)
            let heavy = try select(where: nu.mask(greaterThan: Tensor(1)), Tensor(.infinity), Tensor(.nan))
            return try select(where: nu.mask(greaterThan: Tensor(2)), finite, heavy).expanded(to: batchShape)
        }
    }

    /// H = (ν+1)/2·(ψ((ν+1)/2) − ψ(ν/2)) + ½ log ν + log B(ν/2, ½) + log σ,
    /// with the differences of ψ and of log Γ at ν/2 and (ν+1)/2 taken
    /// without cancellation (they are 10¹⁶ apiece at ν = 10¹⁵).
    public func entropy() throws -> Tensor<Scalar> {
        let half = degreesOfFreedom * 0.5
        let logBeta = try Scalar.logGamma(0.5) - Self.logGammaHalfStep(half)
        return try ((degreesOfFreedom + 1) * 0.5 * Self.digammaHalfStep(half) + log(degreesOfFreedom) * 0.5 + logBeta + log(scale))
            .expanded(to: batchShape)
    }

    /// log p = log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ
    /// − (ν+1)/2 · log(1 + z²/ν), with log(1 + z²/ν) formed so that z² cannot
    /// overflow and the log-gamma difference without cancellation.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let nu = degreesOfFreedom
        let normaliser = try Self.logGammaHalfStep(nu * 0.5) - log(nu * Scalar.pi) * 0.5 - log(scale)
        return try normaliser - (nu + 1) * 0.5 * Univariate.logOnePlusSquare(of: value - loc, over: scale * sqrt(nu))
    }

    /// F(x) = P(T ≤ z), z = (x − μ)/σ, with dF/dz = p(z) and ∂F/∂ν attached.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let z = try (value - loc) / scale
        return try Univariate.elementwise([z, degreesOfFreedom]) { v in
            let (z, nu) = (v[0], v[1])
            let density = Double.exp(SpecialFunctions.studentTLogDensity(z, nu))
            return (try SpecialFunctions.studentTCDF(z, nu), [density, try SpecialFunctions.studentTCDFShapeDerivative(z, nu)])
        }
    }

    /// F⁻¹(p) = μ + σ t_ν(p), with dt/dp = 1/p(t) and, implicitly,
    /// dt/dν = −(∂F/∂ν)/p(t). NaN outside [0, 1].
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        let t = try Univariate.elementwise([probability, degreesOfFreedom]) { v in
            let (p, nu) = (v[0], v[1])
            guard p >= 0, p <= 1 else { return (.nan, [.nan, .nan]) }
            let t = try SpecialFunctions.studentTQuantile(p, nu)
            guard t.isFinite else { return (t, [.infinity, 0]) }
            let density = Double.exp(SpecialFunctions.studentTLogDensity(t, nu))
            return (t, [1 / density, -(try SpecialFunctions.studentTCDFShapeDerivative(t, nu)) / density])
        }
        return try loc + scale * t
    }

    /// log Γ(x + ½) − log Γ(x) elementwise, derivative ψ(x + ½) − ψ(x).
    static func logGammaHalfStep(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.elementwise(x) { x in
            (SpecialFunctions.logGammaDifference(x, 0.5), SpecialFunctions.digammaDifference(x, 0.5))
        }
    }

    /// ψ(x + ½) − ψ(x) elementwise, derivative ψ₁(x + ½) − ψ₁(x).
    static func digammaHalfStep(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.elementwise(x) { x in
            (SpecialFunctions.digammaDifference(x, 0.5), SpecialFunctions.trigamma(x + 0.5) - SpecialFunctions.trigamma(x))
        }
    }

    /// Draws of μ + σ·Z·√(ν/W), Z ~ N(0, 1), W ~ χ²(ν), with the χ² draw's
    /// implicit gradient in ν attached when `reparameterized`.
    public func draw(
        _ sampleShape: [Int], using generator: inout some RandomNumberGenerator, reparameterized: Bool
    ) throws -> Tensor<Scalar> {
        let chiSquare = try Gamma(concentration: degreesOfFreedom.expanded(to: batchShape) * 0.5, rate: Tensor(0.5), validating: false)
            .draw(sampleShape, using: &generator, reparameterized: reparameterized)
        let normal = try Tensor<Scalar>.randomNormal(drawShape(sampleShape), using: &generator)
        return try loc + scale * normal * sqrt(degreesOfFreedom / chiSquare)
    }
}
