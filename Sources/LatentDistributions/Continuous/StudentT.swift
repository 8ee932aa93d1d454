import LatentCore

/// Student's t distribution with ν degrees of freedom, location μ and
/// scale σ, with density
/// p(x) = Γ((ν+1)/2)/(Γ(ν/2)√(νπ)σ) · (1 + z²/ν)^(−(ν+1)/2), z = (x − μ)/σ.
///
/// Draws are μ + σ·Z·√(ν/W) with Z ~ N(0, 1) and W ~ χ²(ν): reparameterised
/// in μ and σ explicitly and in ν through the χ² (gamma) draw's implicit
/// gradient.
public struct StudentT<Scalar: TensorScalar>: ImplicitlyReparameterized, DistributionWithMoments, DistributionWithEntropy {
    /// ν > 0.
    public let degreesOfFreedom: Tensor<Scalar>
    public let loc: Tensor<Scalar>
    /// σ > 0.
    public let scale: Tensor<Scalar>
    public let batchShape: [Int]

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

    public var eventShape: [Int] { [] }
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

    /// H = (ν+1)/2·(ψ((ν+1)/2) − ψ(ν/2)) + ½ log ν + log B(ν/2, ½) + log σ.
    public func entropy() throws -> Tensor<Scalar> {
        let half = degreesOfFreedom * 0.5, upper = (degreesOfFreedom + 1) * 0.5
        let logBeta = try logGamma(half) + Scalar.logGamma(0.5) - logGamma(upper)
        return try (upper * (digamma(upper) - digamma(half)) + log(degreesOfFreedom) * 0.5 + logBeta + log(scale))
            .expanded(to: batchShape)
    }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let nu = degreesOfFreedom
        let z = try (value - loc) / scale
        let normaliser = try logGamma((nu + 1) * 0.5) - logGamma(nu * 0.5) - log(nu * Scalar.pi) * 0.5 - log(scale)
        return try normaliser - (nu + 1) * 0.5 * log1p(z * z / nu)
    }

    public func draw(
        _ sampleShape: [Int], using generator: inout some RandomNumberGenerator, reparameterized: Bool
    ) throws -> Tensor<Scalar> {
        let chiSquare = try Gamma(concentration: degreesOfFreedom.expanded(to: batchShape) * 0.5, rate: Tensor(0.5), validating: false)
            .draw(sampleShape, using: &generator, reparameterized: reparameterized)
        let normal = try Tensor<Scalar>.randomNormal(drawShape(sampleShape), using: &generator)
        return try loc + scale * normal * sqrt(degreesOfFreedom / chiSquare)
    }
}
