import LatentCore

/// The beta distribution on [0, 1], with density
/// p(x) = x^(a−1)(1 − x)^(b−1)/B(a, b).
///
/// Draws are G₁/(G₁ + G₂) for G₁ ~ Gamma(a, 1), G₂ ~ Gamma(b, 1), formed in
/// log space, so their gradients in a and b come from the gammas' implicit
/// reparameterisation.
public struct Beta<Scalar: TensorScalar>: ImplicitlyReparameterized, DistributionWithMoments, DistributionWithEntropy,
    DistributionWithCDF
{
    /// a > 0, the exponent of x.
    public let concentration1: Tensor<Scalar>
    /// b > 0, the exponent of 1 − x.
    public let concentration0: Tensor<Scalar>
    /// The broadcast shape of the two concentrations.
    public let batchShape: [Int]

    /// Creates beta distributions Beta(a, b).
    ///
    /// - Parameters:
    ///   - concentration1: a > 0, the exponent of x.
    ///   - concentration0: b > 0, the exponent of 1 − x; the batch shape is the
    ///     broadcast of the shapes of the two concentrations.
    ///   - validating: check that both concentrations are positive and finite
    ///     (on by default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive concentration, an infinite one, or NaN.
    public init(concentration1: Tensor<Scalar>, concentration0: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["concentration1": (concentration1, .positive), "concentration1": (concentration1, .finite),
             "concentration0": (concentration0, .positive), "concentration0": (concentration0, .finite)],
            of: Self.self, validating: validating)
        self.concentration1 = concentration1
        self.concentration0 = concentration0
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(concentration1: Scalar, concentration0: Scalar, validating: Bool = true) throws {
        try self.init(concentration1: Tensor(concentration1), concentration0: Tensor(concentration0), validating: validating)
    }

    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The unit interval [0, 1].
    public var support: Constraint<Scalar> { .unitInterval }

    /// a/(a + b).
    public var mean: Tensor<Scalar> {
        get throws { try (concentration1 / (concentration1 + concentration0)).expanded(to: batchShape) }
    }

    /// ab/((a + b)²(a + b + 1)).
    public var variance: Tensor<Scalar> {
        get throws {
            let total = try concentration1 + concentration0
            return try (concentration1 * concentration0 / (total * total * (total + 1))).expanded(to: batchShape)
        }
    }

    /// H = log B(a, b) − (a − 1)ψ(a) − (b − 1)ψ(b) + (a + b − 2)ψ(a + b)
    /// (`SpecialFunctions.betaEntropy(_:_:)`, which keeps its digits at large
    /// concentrations), with ∂H/∂a = −(a − 1)ψ₁(a) + (a + b − 2)ψ₁(a + b) and
    /// the same in b.
    public func entropy() throws -> Tensor<Scalar> {
        try Univariate.elementwise([concentration1, concentration0]) { v in
            let (a, b) = (v[0], v[1])
            let common = (a + b - 2) * SpecialFunctions.trigamma(a + b)
            return (try SpecialFunctions.betaEntropy(a, b),
                    [common - (a - 1) * SpecialFunctions.trigamma(a), common - (b - 1) * SpecialFunctions.trigamma(b)])
        }.expanded(to: batchShape)
    }

    /// log p = (a − 1) log x + (b − 1) log(1 − x) − log B(a, b)
    /// (`SpecialFunctions.logBetaDensity(_:_:x:y:)`, without cancellation at
    /// large concentrations), with the limits at x = 0 and 1 (finite where the
    /// exponent is 0, e.g. Beta(1, 8) at 0). ∂/∂x = (a − 1)/x − (b − 1)/(1 − x),
    /// ∂/∂a = log x − ψ(a) + ψ(a + b), ∂/∂b = log(1 − x) − ψ(b) + ψ(a + b);
    /// at the ends, the derivatives of the finite terms.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0.5)) { x in
            try Univariate.elementwise([x, concentration1, concentration0]) { v in
                let (x, a, b) = (v[0], v[1], v[2])
                let (inA, inB) = (SpecialFunctions.digammaDifference(a, b), SpecialFunctions.digammaDifference(b, a))
                guard x > 0, x < 1 else {
                    let logX = Double.log(x), logY = Double.log(onePlus: -x)
                    let value = Self.exponentTimesLog(a - 1, logX) + Self.exponentTimesLog(b - 1, logY)
                        - (try SpecialFunctions.logBeta(a, b))
                    return (value, [0, inA + (logX.isFinite ? logX : 0), inB + (logY.isFinite ? logY : 0)])
                }
                let y = 1 - x
                return (try SpecialFunctions.logBetaDensity(a, b, x: x, y: y),
                        [(a - 1) / x - (b - 1) / y, Double.log(x) + inA, Double.log(onePlus: -x) + inB])
            }
        }
    }

    /// e·log x with the limit 0 at e = 0, x = 0 (log x = −∞).
    private static func exponentTimesLog(_ e: Double, _ logX: Double) -> Double {
        e == 0 ? 0 : e * logX
    }

    /// F(x) = I_x(α, β) (GSL), 0 below 0 and 1 above 1, with dF/dx = p(x)
    /// and ∂F/∂α, ∂F/∂β by central differences attached.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try Univariate.elementwise([value, concentration1, concentration0]) { v in
            let (x, a, b) = (v[0], v[1], v[2])
            guard x > 0 else { return (0, [0, 0, 0]) }
            guard x < 1 else { return (1, [0, 0, 0]) }
            let shapes = try SpecialFunctions.regularizedBetaShapeDerivatives(a, b, x)
            return (try SpecialFunctions.regularizedBeta(a, b, x), [try Self.density(a, b, x), shapes.a, shapes.b])
        }
    }

    /// F⁻¹(p), each tail solved for its own digits
    /// (`SpecialFunctions.inverseRegularizedBeta(_:_:_:)`), with
    /// dx/dp = 1/p(x) and, implicitly, dx/dθ = −(∂F/∂θ)/p(x). NaN outside [0, 1].
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try Univariate.elementwise([probability, concentration1, concentration0]) { v in
            let (p, a, b) = (v[0], v[1], v[2])
            guard p >= 0, p <= 1 else { return (.nan, [.nan, .nan, .nan]) }
            let x = try SpecialFunctions.inverseRegularizedBeta(a, b, p)
            guard x > 0, x < 1 else { return (x, [0, 0, 0]) }
            let density = try Self.density(a, b, x)
            let shapes = try SpecialFunctions.regularizedBetaShapeDerivatives(a, b, x)
            return (x, [1 / density, -shapes.a / density, -shapes.b / density])
        }
    }

    /// The density at 0 < x < 1, in Double.
    private static func density(_ a: Double, _ b: Double, _ x: Double) throws -> Double {
        Double.exp(try SpecialFunctions.logBetaDensity(a, b, x: x, y: 1 - x))
    }

    /// Draws X = σ(log G₁ − log G₂) = G₁/(G₁ + G₂) with the gammas drawn in
    /// log space, so that draws stay exact where G₁ and G₂ both underflow
    /// (at a = b = 10⁻³, 22 % of plain draws would be 0/0); their implicit
    /// slopes make the draws reparameterised in a and b. Draws are kept
    /// inside (0, 1): a ratio within u of 1 rounds to 1 (in Float about once
    /// in 10⁴ draws of Beta(½, ½)), where the density can be infinite.
    public func draw(
        _ sampleShape: [Int], using generator: inout some RandomNumberGenerator, reparameterized: Bool
    ) throws -> Tensor<Scalar> {
        let shape = drawShape(sampleShape)
        let a = try concentration1.detached.expanded(to: shape).scalars.map(Double.init)
        let b = try concentration0.detached.expanded(to: shape).scalars.map(Double.init)
        let first = try LogGammaDraws(a, reparameterized: reparameterized, using: &generator)
        let second = try LogGammaDraws(b, reparameterized: reparameterized, using: &generator)
        var logOdds = [Scalar]()
        logOdds.reserveCapacity(a.count)
        for i in a.indices {
            if first.values[i] == -.infinity && second.values[i] == -.infinity {
                let vertex = LogGammaDraws.vertex(weights: [a[i], b[i]], using: &generator)
                logOdds.append(vertex == 0 ? .infinity : -.infinity)
            } else {
                logOdds.append(Scalar(first.values[i] - second.values[i]))
            }
        }
        var odds = try Tensor(shape: shape, scalars: logOdds)
        if reparameterized {
            odds = try withKnownDerivatives(
                odds, inputs: [concentration1, concentration0],
                partials: [Tensor(shape: shape, scalars: first.slopes.map { Scalar($0) }),
                           Tensor(shape: shape, scalars: second.slopes.map { Scalar(-$0) })])
        }
        return try sigmoid(odds).clamped(to: Scalar.leastNormalMagnitude, 1 - Scalar.ulpOfOne / 2)
    }
}

extension Beta {
    /// KL(Beta(a₁, b₁)‖Beta(a₂, b₂)) = log B(a₂, b₂) − log B(a₁, b₁)
    /// + (a₁ − a₂)ψ(a₁) + (b₁ − b₂)ψ(b₁) + (a₂ − a₁ + b₂ − b₁)ψ(a₁ + b₁),
    /// which is R(a₁, a₂ − a₁) + R(b₁, b₂ − b₁) − R(s₁, s₂ − s₁), s = a + b,
    /// with R(x, h) = log Γ(x + h) − log Γ(x) − hψ(x)
    /// (``SpecialFunctions/logGammaTaylorRemainder(_:_:)``): the terms of
    /// a log a that cancel in the direct form at large concentrations are
    /// taken out. Derivatives, with hₐ = a₂ − a₁, h_b = b₂ − b₁, hₛ = hₐ + h_b:
    /// ∂/∂a₁ = −hₐψ₁(a₁) + hₛψ₁(s₁), ∂/∂a₂ = ψ(a₂) − ψ(a₁) − ψ(s₂) + ψ(s₁),
    /// and the same in b.
    static func kl(_ p: Beta, _ q: Beta) throws -> Tensor<Scalar> {
        try Univariate.elementwise([p.concentration1, p.concentration0, q.concentration1, q.concentration0]) { v in
            let (a1, b1, a2, b2) = (v[0], v[1], v[2], v[3])
            let (ha, hb, s) = (a2 - a1, b2 - b1, a1 + b1)
            let hs = ha + hb
            let value = SpecialFunctions.logGammaTaylorRemainder(a1, ha) + SpecialFunctions.logGammaTaylorRemainder(b1, hb)
                - SpecialFunctions.logGammaTaylorRemainder(s, hs)
            let inTotal = SpecialFunctions.digammaDifference(s, hs), curvature = hs * SpecialFunctions.trigamma(s)
            return (value, [curvature - ha * SpecialFunctions.trigamma(a1), curvature - hb * SpecialFunctions.trigamma(b1),
                            SpecialFunctions.digammaDifference(a1, ha) - inTotal, SpecialFunctions.digammaDifference(b1, hb) - inTotal])
        }
    }
}
