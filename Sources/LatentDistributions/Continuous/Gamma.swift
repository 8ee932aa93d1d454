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
    public let batchShape: [Int]

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

    public var eventShape: [Int] { [] }
    public var support: Constraint<Scalar> { .nonNegative }

    public var mean: Tensor<Scalar> { get throws { try (concentration / rate).expanded(to: batchShape) } }
    public var variance: Tensor<Scalar> { get throws { try (concentration / (rate * rate)).expanded(to: batchShape) } }

    /// H = α − log β + log Γ(α) + (1 − α)ψ(α).
    public func entropy() throws -> Tensor<Scalar> {
        try (concentration - log(rate) + logGamma(concentration) + (1 - concentration) * digamma(concentration))
            .expanded(to: batchShape)
    }

    /// log p = log β + log f(βx; α), f the Gamma(α, 1) density, in the
    /// saddle-point form of ``SpecialFunctions/logGammaDensity(_:_:)`` (the
    /// direct α log β + (α − 1) log x − βx − log Γ(α) cancels to nothing at
    /// α ≥ 1e20). At x = 0 the limit: +∞ for α < 1, log β for α = 1, −∞ for
    /// α > 1 (with zero gradients there); −∞ at +∞.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(1)) { x in
            try log(rate) + Univariate.elementwise([concentration, rate * x]) { v in
                let (a, y) = (v[0], v[1])
                let partials = y > 0 ? [Double.log(y) - SpecialFunctions.digamma(a), (a - 1) / y - 1] : [0, a == 1 ? -1 : 0]
                return (SpecialFunctions.logGammaDensity(a, y), partials)
            }
        }
    }

    /// F(x) = P(α, βx), with its partial derivatives in x, α and β attached.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let (x, a, b) = try (scalars(value, shape), scalars(concentration, shape), scalars(rate, shape))
        var probability = [Scalar](), dx = [Scalar](), da = [Scalar](), db = [Scalar]()
        for i in x.indices {
            let y = Swift.max(b[i] * x[i], 0)
            let density = Double.exp(SpecialFunctions.logGammaDensity(a[i], y))
            probability.append(Scalar(try SpecialFunctions.regularizedGammaP(a[i], y)))
            dx.append(Scalar(x[i] > 0 ? b[i] * density : 0))
            da.append(Scalar(try SpecialFunctions.regularizedGammaPShapeDerivative(a[i], y)))
            db.append(Scalar(x[i] > 0 ? x[i] * density : 0))
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
        let shape = try Univariate.resultShape(of: tail, batchShape: batchShape, distribution: name)
        let (q, a) = try (scalars(tail, shape), scalars(concentration, shape))
        var standard = [Scalar](), dq = [Scalar](), da = [Scalar]()
        for i in q.indices {
            guard q[i] >= 0, q[i] <= 1 else {
                standard.append(.nan); dq.append(.nan); da.append(.nan)
                continue
            }
            let z = try SpecialFunctions.inverseRegularizedGammaQ(a[i], q[i])
            standard.append(Scalar(z))
            dq.append(Scalar(-Double.exp(-SpecialFunctions.logGammaDensity(a[i], z))))
            da.append(Scalar(try SpecialFunctions.gammaSampleShapeDerivative(a[i], at: z)))
        }
        let z = try withKnownDerivatives(
            Tensor(shape: shape, scalars: standard), inputs: [tail, concentration],
            partials: [Tensor(shape: shape, scalars: dq), Tensor(shape: shape, scalars: da)])
        return try z / rate
    }

    /// F⁻¹(p) = P⁻¹(α, p)/β, with dx/dp = 1/p(x) and the implicit dx/dα.
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        let (p, a) = try (scalars(probability, shape), scalars(concentration, shape))
        var standard = [Scalar](), dp = [Scalar](), da = [Scalar]()
        for i in p.indices {
            guard p[i] >= 0, p[i] <= 1 else {
                standard.append(.nan); dp.append(.nan); da.append(.nan)
                continue
            }
            let z = try SpecialFunctions.inverseRegularizedGammaP(a[i], p[i])
            standard.append(Scalar(z))
            dp.append(Scalar(Double.exp(-SpecialFunctions.logGammaDensity(a[i], z))))
            da.append(Scalar(try SpecialFunctions.gammaSampleShapeDerivative(a[i], at: z)))
        }
        let z = try withKnownDerivatives(
            Tensor(shape: shape, scalars: standard), inputs: [probability, concentration],
            partials: [Tensor(shape: shape, scalars: dp), Tensor(shape: shape, scalars: da)])
        return try z / rate
    }

    /// Draws of Z/β with Z ~ Gamma(α, 1) by Marsaglia–Tsang; dZ/dα
    /// attached (implicitly, by ``SpecialFunctions/gammaDrawLogShapeDerivative(_:logDraw:)``,
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
    /// + α₂(log β₁ − log β₂) + α₁(β₂ − β₁)/β₁ (rates β).
    static func kl(_ p: Gamma, _ q: Gamma) throws -> Tensor<Scalar> {
        let (a1, b1, a2, b2) = (p.concentration, p.rate, q.concentration, q.rate)
        return try (a1 - a2) * digamma(a1) - logGamma(a1) + logGamma(a2) + a2 * (log(b1) - log(b2)) + a1 * (b2 - b1) / b1
    }
}
