import LatentCore

/// The gamma distribution with shape α and rate β, with density
/// p(x) = βᵅ x^(α−1) e^(−βx)/Γ(α) for x ≥ 0.
///
/// Draws are reparameterised: in β explicitly (X = Z/β for Z ~ Gamma(α, 1)),
/// in α implicitly (Figurnov et al. 2018): dz/dα = −(∂P(α, z)/∂α)/p(z; α),
/// with ∂P/∂α from GSL's incomplete gamma function.
public struct Gamma<Scalar: TensorScalar>: ImplicitlyReparameterized, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The shape (concentration) α > 0.
    public let concentration: Tensor<Scalar>
    /// The rate β > 0 (the scale is 1/β).
    public let rate: Tensor<Scalar>
    /// The broadcast shape of `concentration` and `rate`.
    public let batchShape: [Int]

    /// Creates gamma distributions with shape α and rate β.
    ///
    /// - Parameters:
    ///   - concentration: the shape α > 0.
    ///   - rate: the rate β > 0; the batch shape is the broadcast of the shapes
    ///     of `concentration` and `rate`.
    ///   - validating: check that α and β are positive and finite (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive parameter, an infinite one, or NaN.
    public init(concentration: Tensor<Scalar>, rate: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["concentration": (concentration, .positive), "concentration": (concentration, .finite),
             "rate": (rate, .positive), "rate": (rate, .finite)], of: Self.self, validating: validating)
        self.concentration = concentration
        self.rate = rate
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(concentration: Scalar, rate: Scalar, validating: Bool = true) throws {
        try self.init(concentration: Tensor(concentration), rate: Tensor(rate), validating: validating)
    }

    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The non-negative reals.
    public var support: Constraint<Scalar> { .nonNegative }

    /// α/β.
    public var mean: Tensor<Scalar> { get throws { try (concentration / rate).expanded(to: batchShape) } }
    /// α/β².
    public var variance: Tensor<Scalar> { get throws { try (concentration / (rate * rate)).expanded(to: batchShape) } }

    /// H = α − log β + log Γ(α) + (1 − α)ψ(α), with dH/dα = 1 + (1 − α)ψ′(α);
    /// see `standardEntropy(_:)` for the form that keeps its digits at large α.
    public func entropy() throws -> Tensor<Scalar> {
        let standard = try Univariate.elementwise(concentration) { a in
            (Self.standardEntropy(a), 1 + (1 - a) * SpecialFunctions.trigamma(a))
        }
        return try (standard - log(rate)).expanded(to: batchShape)
    }

    /// The entropy of Gamma(α, 1), α + log Γ(α) + (1 − α)ψ(α), written with
    /// Stirling's error δ(α) = log Γ(α) − (α − ½) log α + α − ½ log 2π and
    /// δ′(α) = ψ(α) − log α + 1/(2α) as
    /// ½ log(2πα) + ½ − 1/(2α) + δ(α) + (1 − α)δ′(α): the terms of size
    /// α log α cancel analytically instead of in rounding (at α = 1e20 the
    /// direct sum of terms of 4.5e21 gives 0 for an entropy of 24.4).
    private static func standardEntropy(_ a: Double) -> Double {
        0.5 * Double.log(2 * Double.pi * a) + 0.5 - 0.5 / a + SpecialFunctions.logGammaCorrection(a)
            + (1 - a) * SpecialFunctions.logGammaCorrectionDerivative(a)
    }

    /// log p(x), by `logDensity(_:_:_:)`, with ∂/∂α = log(βx) − ψ(α),
    /// ∂/∂β = α/β − x and ∂/∂x = (α − 1)/x − β. At x = 0 the limit: +∞ for
    /// α < 1, log β for α = 1, −∞ for α > 1 (with zero gradients there but
    /// ∂/∂β = 1/β and, at α = 1, ∂/∂x = −β); −∞ at +∞.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(1)) { x in
            try Univariate.elementwise([concentration, rate, x]) { v in
                let (a, b, x) = (v[0], v[1], v[2])
                guard x > 0 else { return (Self.logDensity(a, b, x), [0, 1 / b, a == 1 ? -b : 0]) }
                let logY = Self.logScaled(b, x)
                return (Self.logDensity(a, b, x), [logY - SpecialFunctions.digamma(a), a / b - x, (a - 1) / x - b])
            }
        }
    }

    /// log p(x) = log β + log f(βx; α) for x ≥ 0, f the Gamma(α, 1) density,
    /// in the saddle-point form of ``SpecialFunctions/logGammaDensity(_:_:)``
    /// (the direct α log β + (α − 1) log x − βx − log Γ(α) cancels to
    /// nothing at α ≥ 1e20). Where βx underflows (β = x = 1e-300) it is the
    /// direct form with log(βx) = log β + log x, which does not cancel there.
    private static func logDensity(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let y = b * x
        guard x > 0, y < Double.leastNormalMagnitude else { return Double.log(b) + SpecialFunctions.logGammaDensity(a, y) }
        return Double.log(b) + (a - 1) * logScaled(b, x) - y - SpecialFunctions.logGamma(a)
    }

    /// log(βx) for x > 0, as log β + log x where βx leaves the normal range.
    private static func logScaled(_ b: Double, _ x: Double) -> Double {
        let y = b * x
        return y.isNormal ? Double.log(y) : Double.log(b) + Double.log(x)
    }

    /// P(α, βx); where βx underflows, the first term of its series
    /// (βx)ᵅ/Γ(α + 1) in logarithms (the next is βx smaller).
    private static func lowerTail(_ a: Double, _ b: Double, _ x: Double) throws -> Double {
        let y = Swift.max(b * x, 0)
        guard x > 0, y < Double.leastNormalMagnitude else { return try SpecialFunctions.regularizedGammaP(a, y) }
        return Double.exp(a * logScaled(b, x) - SpecialFunctions.logGamma(a + 1))
    }

    /// F(x) = P(α, βx), with its partial derivatives in x, α and β attached.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let (x, a, b) = try (scalars(value, shape), scalars(concentration, shape), scalars(rate, shape))
        var probability = [Scalar](), dx = [Scalar](), da = [Scalar](), db = [Scalar]()
        for i in x.indices {
            let y = Swift.max(b[i] * x[i], 0)
            let inside = x[i] > 0 && x[i].isFinite
            let logDensity = inside ? Self.logDensity(a[i], b[i], x[i]) : -.infinity
            probability.append(Scalar(try Self.lowerTail(a[i], b[i], x[i])))
            dx.append(Scalar(Double.exp(logDensity)))
            da.append(Scalar(try SpecialFunctions.regularizedGammaPShapeDerivative(a[i], y)))
            db.append(Scalar(inside ? Double.exp(logDensity + Double.log(x[i]) - Double.log(b[i])) : 0))
        }
        return try withKnownDerivatives(
            Tensor(shape: shape, scalars: probability), inputs: [value, concentration, rate],
            partials: [Tensor(shape: shape, scalars: dx), Tensor(shape: shape, scalars: da), Tensor(shape: shape, scalars: db)])
    }

    /// S(x) = 1 − F(x) = Q(α, βx), computed directly so that an upper tail
    /// keeps its relative precision, with its partial derivatives attached.
    func survival(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let (x, a, b) = try (scalars(value, shape), scalars(concentration, shape), scalars(rate, shape))
        var probability = [Scalar](), dx = [Scalar](), da = [Scalar](), db = [Scalar]()
        for i in x.indices {
            let y = Swift.max(b[i] * x[i], 0)
            let density = x[i] > 0 ? Double.exp(SpecialFunctions.logGammaDensity(a[i], y)) : 0
            probability.append(Scalar(try SpecialFunctions.regularizedGammaQ(a[i], y)))
            dx.append(Scalar(-b[i] * density))
            da.append(Scalar(-(try SpecialFunctions.regularizedGammaPShapeDerivative(a[i], y))))
            db.append(Scalar(x[i] > 0 && x[i].isFinite ? -x[i] * density : 0))
        }
        return try withKnownDerivatives(
            Tensor(shape: shape, scalars: probability), inputs: [value, concentration, rate],
            partials: [Tensor(shape: shape, scalars: dx), Tensor(shape: shape, scalars: da), Tensor(shape: shape, scalars: db)])
    }

    /// S⁻¹(q) = Q⁻¹(α, q)/β: the quantile of the upper tail probability q,
    /// which keeps the digits of a small q that F⁻¹(1 − q) would lose.
    func upperQuantile(_ tail: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try quantile(tail, logStandard: SpecialFunctions.logInverseRegularizedGammaQ, tailSign: -1)
    }

    /// F⁻¹(p) = P⁻¹(α, p)/β, with dx/dp = 1/p(x) and the implicit dx/dα.
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try quantile(probability, logStandard: SpecialFunctions.logInverseRegularizedGammaP, tailSign: 1)
    }

    /// x = exp(log z − log β), z the Gamma(α, 1) quantile of the tail
    /// probability u (lower for `tailSign` 1, upper for −1) given as its
    /// logarithm by `logStandard`, so that neither z nor z/β underflows on
    /// the way (z = 1e-600 at α = ½, u = 1e-300, and x = 1e-300 at β = 1e-300).
    /// Partials: dx/du = ±1/p(x), dx/dα = (dz/dα)/β (implicit, the same for
    /// either tail) and dx/dβ = −x/β.
    private func quantile(
        _ tail: Tensor<Scalar>, logStandard: (Double, Double) throws -> Double, tailSign: Double
    ) throws -> Tensor<Scalar> {
        let shape = try Univariate.resultShape(of: tail, batchShape: batchShape, distribution: name)
        let (u, a, b) = try (scalars(tail, shape), scalars(concentration, shape), scalars(rate, shape))
        var values = [Scalar](), du = [Scalar](), da = [Scalar](), db = [Scalar]()
        for i in u.indices {
            guard u[i] >= 0, u[i] <= 1 else {
                values.append(.nan); du.append(.nan); da.append(.nan); db.append(.nan)
                continue
            }
            let logZ = try logStandard(a[i], u[i])
            let x = Double.exp(logZ - Double.log(b[i]))
            values.append(Scalar(x))
            du.append(Scalar(tailSign * Double.exp(-Self.logDensity(a[i], b[i], x))))
            da.append(Scalar(try SpecialFunctions.gammaSampleShapeDerivative(a[i], at: Double.exp(logZ)) / b[i]))
            db.append(Scalar(-x / b[i]))
        }
        return try withKnownDerivatives(
            Tensor(shape: shape, scalars: values), inputs: [tail, concentration, rate],
            partials: [Tensor(shape: shape, scalars: du), Tensor(shape: shape, scalars: da), Tensor(shape: shape, scalars: db)])
    }

    /// Draws of Z/β with Z ~ Gamma(α, 1) by Marsaglia–Tsang; dZ/dα
    /// attached (implicitly, by `SpecialFunctions.gammaDrawLogShapeDerivative(_:logDraw:)`,
    /// which holds at every shape) when `reparameterized`, untracked otherwise.
    public func draw(
        _ sampleShape: [Int], using generator: inout some RandomNumberGenerator, reparameterized: Bool
    ) throws -> Tensor<Scalar> {
        let shape = drawShape(sampleShape)
        let a = try scalars(concentration, shape)
        var draws = [Scalar](), slopes = [Scalar]()
        for shapeParameter in a {
            let z = Double.randomGamma(shape: shapeParameter, using: &generator)
            draws.append(Scalar(z))
            if reparameterized {
                let slope = z > 0 ? z * (try SpecialFunctions.gammaDrawLogShapeDerivative(shapeParameter, logDraw: Double.log(z))) : 0
                slopes.append(Scalar(slope))
            }
        }
        let standard = try Tensor(shape: shape, scalars: draws)
        guard reparameterized else { return try (standard / rate.detached) }
        let z = try withKnownDerivatives(standard, inputs: [concentration], partials: [Tensor(shape: shape, scalars: slopes)])
        return try z / rate
    }

    private func scalars(_ tensor: Tensor<Scalar>, _ shape: [Int]) throws -> [Double] {
        try tensor.detached.expanded(to: shape).scalars.map(Double.init)
    }
}

extension Gamma {
    /// KL(Gamma(α₁, β₁)‖Gamma(α₂, β₂)) = (α₁ − α₂)ψ(α₁) − log Γ(α₁) + log Γ(α₂)
    /// + α₂(log β₁ − log β₂) + α₁(β₂ − β₁)/β₁ (rates β), written with h = α₂ − α₁
    /// and r = β₂/β₁ as R(α₁, h) + α₁(r − 1 − log r) − h log r, where
    /// R(x, h) = log Γ(x + h) − log Γ(x) − hψ(x)
    /// (``SpecialFunctions/logGammaTaylorRemainder(_:_:)``) and r − 1 − log r
    /// (``SpecialFunctions/ratioDeviance(_:_:)``) keep their digits near
    /// h = 0, r = 1, where the direct form cancels terms of α log α
    /// (2.4e-7 for an exact 5.0e-9 at α₁ = 10⁸, α₂ = 10⁸ + 1). Derivatives:
    /// ∂/∂α₁ = −hψ₁(α₁) + r − 1, ∂/∂α₂ = ψ(α₂) − ψ(α₁) − log r,
    /// ∂/∂β₁ = (α₂ − α₁r)/β₁, ∂/∂β₂ = α₁/β₁ − α₂/β₂.
    static func kl(_ p: Gamma, _ q: Gamma) throws -> Tensor<Scalar> {
        try Univariate.elementwise([p.concentration, p.rate, q.concentration, q.rate]) { v in
            let (a1, b1, a2, b2) = (v[0], v[1], v[2], v[3])
            let h = a2 - a1, r = b2 / b1
            let logRatio = r.isNormal && r.isFinite ? Double.log(r) : Double.log(b2) - Double.log(b1)
            let value = SpecialFunctions.logGammaTaylorRemainder(a1, h) + a1 * SpecialFunctions.ratioDeviance(b2, b1) - h * logRatio
            return (value, [-h * SpecialFunctions.trigamma(a1) + (b2 - b1) / b1, (a2 - a1 * r) / b1,
                            SpecialFunctions.digammaDifference(a1, h) - logRatio, a1 / b1 - a2 / b2])
        }
    }
}
