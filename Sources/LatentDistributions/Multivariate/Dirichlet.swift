import LatentCore

/// The Dirichlet distribution on the simplex {x : xₖ ≥ 0, Σxₖ = 1} in Rᴷ,
/// with density p(x) = Γ(α₀)/ΠΓ(αₖ) · Πxₖ^(αₖ−1), α₀ = Σαₖ. The
/// concentrations are along the last axis; the batch shape is the rest.
///
/// Draws are normalised gammas Gₖ/ΣG, formed in log space, so their
/// gradients in α come from the gammas' implicit reparameterisation.
public struct Dirichlet<Scalar: TensorScalar>: ImplicitlyReparameterized, DistributionWithMoments, DistributionWithEntropy {
    /// α, of shape `batchShape + [K]`, every entry positive.
    public let concentration: Tensor<Scalar>

    /// Creates Dirichlet distributions with concentrations α along the last axis.
    ///
    /// - Parameters:
    ///   - concentration: α, of shape `batchShape + [K]`, every entry positive.
    ///   - validating: check that every αₖ is positive and finite (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive or infinite entry, NaN, or a
    ///   parameter without a category axis.
    public init(concentration: Tensor<Scalar>, validating: Bool = true) throws {
        try requireCategories(concentration, of: Self.self, parameter: "concentration")
        try checkParameters(
            ["concentration": (concentration, .positive), "concentration": (concentration, .finite)], of: Self.self, validating: validating)
        self.concentration = concentration
    }

    /// The same from plain numbers: one distribution on the simplex of
    /// `concentration.count` entries, of batch shape [] (`Dirichlet(concentration: [1, 1, 1])`).
    public init(concentration: [Scalar], validating: Bool = true) throws {
        try self.init(concentration: Tensor(concentration), validating: validating)
    }

    /// The shape of `concentration` without its last axis.
    public var batchShape: [Int] { Array(concentration.shape.dropLast()) }
    /// [K]: each draw is a point of the simplex in Rᴷ.
    public var eventShape: [Int] { [concentration.shape.last!] }
    /// The probability simplex.
    public var support: Constraint<Scalar> { .simplex }

    var total: Tensor<Scalar> { get throws { try concentration.sum(alongAxes: [-1], keepingDims: true) } }

    /// αₖ/α₀.
    public var mean: Tensor<Scalar> { get throws { try concentration / total } }
    /// αₖ(α₀ − αₖ)/(α₀²(α₀ + 1)), formed as (αₖ/α₀)·(rₖ/α₀)/(α₀ + 1) with
    /// rₖ = Σ_{j≠k} αⱼ = α₀ − αₖ summed directly (α₀ − αₖ loses 10⁻⁹ of
    /// rₖ = 10⁻³ beside αₖ = 10⁶): the product αₖ(α₀ − αₖ) and α₀² underflow
    /// to 0/0 at concentrations of 10⁻³⁰⁰ (where the variance is
    /// (1/K)(1 − 1/K)) and overflow to ∞/∞ at 10²⁰⁰.
    public var variance: Tensor<Scalar> {
        get throws {
            let a0 = try total
            let k = eventShape[0]
            let others = try Tensor<Scalar>(shape: [k, k], repeating: 1) - Tensor<Scalar>.identity(k)
            let rest = try matmul(concentration.reshaped(to: [-1, k]), others).reshaped(to: concentration.shape)
            return try concentration / a0 * (rest / a0) / (a0 + 1)
        }
    }

    /// H = log B(α) + (α₀ − K)ψ(α₀) − Σ(αₖ − 1)ψ(αₖ); where every αₖ ≥ 10,
    /// its value from `saddlePointEntropy(alpha:)`, without the cancelling
    /// terms of size α₀ log α₀.
    public func entropy() throws -> Tensor<Scalar> {
        let a0 = try concentration.sum(alongAxes: [-1])
        let k = concentration.shape.last!
        let traced = try logBeta() + (a0 - Scalar(k)) * digamma(a0)
            - ((concentration - 1) * digamma(concentration)).sum(alongAxes: [-1])
        return try Self.replacingLargeConcentrationRows(
            of: traced, alpha: concentration.detached.scalars.map(Double.init), eventSize: k
        ) { _, alpha in Self.saddlePointEntropy(alpha: alpha) }
    }

    /// log p = Σ(αₖ − 1) log xₖ − log B(α), with the limits at xₖ = 0;
    /// −∞ off the simplex. Where every αₖ ≥ 10 and every xₖ > 0, its value
    /// from `saddlePointLogDensity(alpha:x:)`, without the cancelling terms
    /// of size α₀ log α₀; the gradient is that of the defining formula.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let shape = broadcastShape(value.shape, batchShape + eventShape) else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: value.shape, expected: batchShape + eventShape)
        }
        let onSimplex = try support.mask(value)
        let uniform = try Tensor<Scalar>(shape: eventShape, repeating: 1 / Scalar(eventShape[0]))
        let safe = try select(where: onSimplex.expandingShape(at: -1), value, uniform)
        let density = try Univariate.exponentTimesLog(concentration - 1, safe.expanded(to: shape)).sum(alongAxes: [-1]) - logBeta()
        let expanded = try safe.detached.expanded(to: shape)
        // Read only for rows of large concentrations, so that without them a compiled step can replay the density.
        lazy var x = expanded.scalars.map(Double.init)
        let k = eventShape[0]
        let exact = try Self.replacingLargeConcentrationRows(
            of: density.expanded(to: Array(shape.dropLast())), alpha: concentration.detached.expanded(to: shape).scalars.map(Double.init),
            eventSize: k
        ) { row, alpha in
            let xs = x[row * k..<(row + 1) * k]
            return xs.allSatisfy { $0 > 0 } ? Self.saddlePointLogDensity(alpha: alpha, x: xs) : nil
        }
        return try select(where: onSimplex, exact, Tensor(-.infinity))
    }

    /// Draws softmax(log G) of gammas Gₖ ~ Gamma(αₖ, 1) drawn in log space,
    /// so that draws stay exact where every Gₖ underflows (concentrations
    /// near 10⁻³); their implicit slopes make the draws reparameterised.
    /// Each row is shifted by its largest log G, which softmax ignores.
    /// Coordinates are kept at least the least normal number, as Beta's
    /// draws are: below it they round to 0, where the density is +∞ for
    /// αₖ < 1 (most coordinates of a draw at α = 10⁻³).
    public func draw(
        _ sampleShape: [Int], using generator: inout some RandomNumberGenerator, reparameterized: Bool
    ) throws -> Tensor<Scalar> {
        let shape = drawShape(sampleShape)
        let alpha = try concentration.detached.expanded(to: shape).scalars.map(Double.init)
        let gammas = try LogGammaDraws(alpha, reparameterized: reparameterized, using: &generator)
        let k = eventShape[0]
        var shifted = [Scalar]()
        shifted.reserveCapacity(alpha.count)
        for row in stride(from: 0, to: alpha.count, by: k) {
            var logs = Array(gammas.values[row..<row + k])
            if gammas.allVanish(from: row, count: k) {
                let vertex = LogGammaDraws.vertex(weights: alpha[row..<row + k], using: &generator)
                logs = (0..<k).map { $0 == vertex ? 0 : -.infinity }
            }
            let top = logs.max()!
            shifted.append(contentsOf: logs.map { Scalar($0 - top) })
        }
        var logits = try Tensor(shape: shape, scalars: shifted)
        if reparameterized {
            logits = try withKnownDerivatives(
                logits, inputs: [concentration], partials: [Tensor(shape: shape, scalars: gammas.slopes.map { Scalar($0) })])
        }
        return try logits.softmax(alongAxis: -1).clamped(to: Scalar.leastNormalMagnitude, 1)
    }

    /// log B(α) = Σ log Γ(αₖ) − log Γ(α₀), of the batch shape.
    func logBeta() throws -> Tensor<Scalar> {
        try logGamma(concentration).sum(alongAxes: [-1]) - logGamma(concentration.sum(alongAxes: [-1]))
    }
}

extension Dirichlet {
    /// KL(Dir(α)‖Dir(β)) = log B(β) − log B(α) + Σ(αₖ − βₖ)(ψ(αₖ) − ψ(α₀));
    /// where every αₖ, βₖ ≥ 10, its value from ``saddlePointKL(alpha:beta:)``,
    /// without the cancelling terms of size α₀ log α₀.
    static func kl(_ p: Dirichlet, _ q: Dirichlet) throws -> Tensor<Scalar> {
        guard p.eventShape == q.eventShape else {
            throw DistributionError.klShapeMismatch(p, q, ["p": p.concentration.shape, "q": q.concentration.shape])
        }
        let a0 = try p.concentration.sum(alongAxes: [-1], keepingDims: true)
        let cross = try ((p.concentration - q.concentration) * (digamma(p.concentration) - digamma(a0))).sum(alongAxes: [-1])
        let traced = try q.logBeta() - p.logBeta() + cross
        let k = p.eventShape[0], shape = traced.shape + [k]
        let (alpha, beta) = try (p.concentration.detached.expanded(to: shape).scalars.map(Double.init),
                                 q.concentration.detached.expanded(to: shape).scalars.map(Double.init))
        return try replacingLargeConcentrationRows(of: traced, alpha: alpha, eventSize: k) { row, alphaRow in
            let betaRow = beta[row * k..<(row + 1) * k]
            return betaRow.allSatisfy { $0 >= saddlePointConcentration } ? saddlePointKL(alpha: alphaRow, beta: betaRow) : nil
        }
    }
}
