import LatentCore

/// The multivariate normal with covariance Σ = WWᵀ + diag(d), W of shape
/// D×r and d positive: a full-rank Gaussian whose cost grows with D·r², not
/// D³ (the low-rank autoguide's family).
///
/// Density and entropy use the Woodbury identity through the r×r
/// capacitance C = I + WᵀD⁻¹W = L_C L_Cᵀ:
/// log det Σ = log det C + Σ log dᵢ and
/// δᵀΣ⁻¹δ = δᵀD⁻¹δ − ‖L_C⁻¹WᵀD⁻¹δ‖².
public struct LowRankMultivariateNormal<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy
{
    /// μ, of shape `batchShape + [D]`.
    public let loc: Tensor<Scalar>
    /// W, D×r.
    public let covarianceFactor: Tensor<Scalar>
    /// d, of shape [D], positive.
    public let covarianceDiagonal: Tensor<Scalar>
    /// L_C, the Cholesky factor of the capacitance.
    let capacitanceTril: Tensor<Scalar>

    /// Creates multivariate normals with mean μ and covariance WWᵀ + diag(d).
    ///
    /// - Parameters:
    ///   - loc: μ, of shape `batchShape + [D]`.
    ///   - covarianceFactor: W, of shape D×r with r ≥ 1.
    ///   - covarianceDiagonal: d, of shape [D], positive.
    ///   - validating: check that the parameters are finite and d positive (on
    ///     by default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for mismatched shapes, a non-positive
    ///   diagonal, NaN, a factor without columns, or a factor so large
    ///   against the diagonal that WᵀD⁻¹W overflows.
    public init(loc: Tensor<Scalar>, covarianceFactor: Tensor<Scalar>, covarianceDiagonal: Tensor<Scalar>, validating: Bool = true) throws {
        guard loc.rank >= 1, let d = loc.shape.last, covarianceFactor.rank == 2, covarianceFactor.shape[0] == d,
              covarianceDiagonal.shape == [d]
        else {
            throw DistributionError.parameterShapeMismatch(
                of: Self.self,
                ["loc": loc.shape, "covarianceFactor": covarianceFactor.shape, "covarianceDiagonal": covarianceDiagonal.shape])
        }
        try checkParameters(
            ["loc": (loc, .finite), "covarianceFactor": (covarianceFactor, .finite), "covarianceDiagonal": (covarianceDiagonal, .positive),
             "covarianceDiagonal": (covarianceDiagonal, .finite)],
            of: Self.self, validating: validating, broadcasting: false)
        self.loc = loc
        self.covarianceFactor = covarianceFactor
        self.covarianceDiagonal = covarianceDiagonal
        let rank = covarianceFactor.shape[1]
        guard rank >= 1 else {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: "covarianceFactor", requirement: "a D×r matrix with r ≥ 1 columns", value: 0)
        }
        let scaled = try covarianceFactor / covarianceDiagonal.expandingShape(at: 1)
        let capacitance = try Tensor<Scalar>.identity(rank) + matmul(covarianceFactor.transposed(), scaled)
        // A check a compiled step repeats on every replay, not a read of the value.
        guard capacitance.satisfies(\.isFinite) else {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: "covarianceFactor",
                requirement: "such that WᵀD⁻¹W is finite (covarianceFactor² / covarianceDiagonal overflows)", value: .infinity)
        }
        capacitanceTril = try capacitance.cholesky()
    }

    /// The same from plain numbers: one distribution, of batch shape [],
    /// with the D×R factor W given row by row.
    /// - Throws: as the tensor form, and `TensorError` for ragged rows.
    public init(loc: [Scalar], covarianceFactor: [[Scalar]], covarianceDiagonal: [Scalar], validating: Bool = true) throws {
        try self.init(
            loc: Tensor(loc), covarianceFactor: Tensor(rows: covarianceFactor), covarianceDiagonal: Tensor(covarianceDiagonal),
            validating: validating)
    }

    /// D, the length of each draw.
    public var dimension: Int { loc.shape.last! }
    /// The shape of `loc` without its last axis.
    public var batchShape: [Int] { Array(loc.shape.dropLast()) }
    /// [D]: each draw is a D-vector.
    public var eventShape: [Int] { [dimension] }
    /// The real line, for every coordinate.
    public var support: Constraint<Scalar> { .real }

    /// μ.
    public var mean: Tensor<Scalar> { get throws { loc } }
    /// Σᵢᵢ = Σⱼ Wᵢⱼ² + dᵢ.
    public var variance: Tensor<Scalar> {
        get throws { try ((covarianceFactor * covarianceFactor).sum(alongAxes: [1]) + covarianceDiagonal).expanded(to: loc.shape) }
    }
    /// Σ = WWᵀ + diag(d).
    public var covariance: Tensor<Scalar> {
        get throws {
            try matmul(covarianceFactor, covarianceFactor.transposed()) + Tensor<Scalar>.identity(dimension) * covarianceDiagonal
        }
    }

    /// ½ log det Σ = Σ log (L_C)ᵢᵢ + ½ Σ log dᵢ.
    func halfLogDeterminant() throws -> Tensor<Scalar> {
        let rank = capacitanceTril.shape[0]
        let diagonal = try (capacitanceTril * Tensor<Scalar>.identity(rank)).sum(alongAxes: [1])
        return try log(diagonal).sum() + log(covarianceDiagonal).sum() * 0.5
    }

    /// δᵀΣ⁻¹δ for each event of δ (broadcast to `shape`).
    func mahalanobis(_ difference: Tensor<Scalar>, shape: [Int]) throws -> Tensor<Scalar> {
        let rows = try difference.expanded(to: shape).reshaped(to: [-1, dimension])
        let scaled = try rows / covarianceDiagonal
        let projected = try lowerTriangularSolve(capacitanceTril, matmul(scaled, covarianceFactor).transposed())
        let whole = try (rows * scaled).sum(alongAxes: [1])
        // Where δᵀD⁻¹δ overflows (|δ| = 10²⁰⁰), so does the part taken off it, and ∞ − ∞ would be NaN.
        let result = try select(where: whole.mask(equalTo: Tensor(.infinity)), whole, whole - (projected * projected).sum(alongAxes: [0]))
        return try result.reshaped(to: Array(shape.dropLast()))
    }

    /// H = D/2·(1 + log 2π) + ½ log det Σ.
    public func entropy() throws -> Tensor<Scalar> {
        try (halfLogDeterminant() + Scalar(dimension) / 2 * (1 + Scalar.log(2 * .pi))).expanded(to: batchShape)
    }

    /// log p(x) = −½δᵀΣ⁻¹δ − ½ log det Σ − (D/2) log 2π, δ = x − μ, by the
    /// Woodbury identity.
    /// - Throws: ``DistributionError/valueShapeMismatch(distribution:valueShape:expected:)``
    ///   when `value` does not broadcast with `loc`.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let shape = broadcastShape(value.shape, loc.shape) else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: value.shape, expected: loc.shape)
        }
        return try mahalanobis(value - loc, shape: shape) * -0.5 - halfLogDeterminant()
            - Scalar(dimension) / 2 * Scalar.log(2 * .pi)
    }

    /// μ + Wε₁ + √d ⊙ ε₂ with ε₁ ~ N(0, I_r), ε₂ ~ N(0, I_D): O(D·r) per draw.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let shape = drawShape(sampleShape)
        let low = try Tensor<Scalar>.randomNormal(Array(shape.dropLast()) + [covarianceFactor.shape[1]], using: &generator)
        let independent = try Tensor<Scalar>.randomNormal(shape, using: &generator)
        return try loc + matmul(low, covarianceFactor.transposed()) + sqrt(covarianceDiagonal) * independent
    }
}

extension LowRankMultivariateNormal {
    /// KL(N(μ₁, WWᵀ + D)‖N(μ₂, L₂L₂ᵀ)) = ½[tr(Σ₂⁻¹Σ₁) + ‖L₂⁻¹(μ₂ − μ₁)‖² − D]
    /// + log det L₂ − ½ log det Σ₁, with tr(Σ₂⁻¹Σ₁) = ‖L₂⁻¹W‖²_F + ‖L₂⁻¹√D‖²_F.
    static func kl(_ p: LowRankMultivariateNormal, _ q: MultivariateNormal<Scalar>) throws -> Tensor<Scalar> {
        guard p.dimension == q.dimension, let shape = broadcastShape(p.loc.shape, q.loc.shape) else {
            throw DistributionError.klShapeMismatch(p, q, ["p": p.loc.shape, "q": q.loc.shape])
        }
        let factor = try lowerTriangularSolve(q.scaleTril, p.covarianceFactor)
        let diagonal = try lowerTriangularSolve(q.scaleTril, Tensor<Scalar>.identity(p.dimension) * sqrt(p.covarianceDiagonal))
        let trace = try (factor * factor).sum() + (diagonal * diagonal).sum()
        let shift = try q.mahalanobis(q.loc - p.loc, shape: shape)
        return try (trace + shift - Scalar(p.dimension)) * 0.5 + q.logDeterminantOfScale() - p.halfLogDeterminant()
    }
}
