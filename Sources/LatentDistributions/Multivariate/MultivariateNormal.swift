import LatentCore

/// The multivariate normal N(μ, Σ) in Rᴰ, parameterised by the lower
/// Cholesky factor L of its covariance (Σ = LLᵀ), with density
/// p(x) = exp(−½‖L⁻¹(x − μ)‖²) / ((2π)^(D/2) Π Lᵢᵢ).
///
/// `loc` may carry batch axes before its last (event) axis; one D×D factor
/// serves them all. A batch of different factors is not supported yet.
public struct MultivariateNormal<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy
{
    /// μ, of shape `batchShape + [D]`.
    public let loc: Tensor<Scalar>
    /// L, D×D lower triangular with a positive diagonal.
    public let scaleTril: Tensor<Scalar>

    /// Creates multivariate normals N(μ, LLᵀ) from a lower Cholesky factor L.
    ///
    /// - Parameters:
    ///   - loc: μ, of shape `batchShape + [D]`.
    ///   - scaleTril: L, D×D lower triangular with a positive diagonal.
    ///   - validating: check that the parameters are finite and L a lower
    ///     Cholesky factor (on by default; switch off only for speed in trusted
    ///     code).
    /// - Throws: ``DistributionError`` when `scaleTril` is not a D×D lower
    ///   Cholesky factor matching `loc`'s last axis, or on NaN.
    public init(loc: Tensor<Scalar>, scaleTril: Tensor<Scalar>, validating: Bool = true) throws {
        guard loc.rank >= 1, scaleTril.rank == 2, scaleTril.shape == [loc.shape.last!, loc.shape.last!] else {
            throw DistributionError.parameterShapeMismatch(of: Self.self, ["loc": loc.shape, "scaleTril": scaleTril.shape])
        }
        try checkParameters(
            ["loc": (loc, .finite), "scaleTril": (scaleTril, .lowerCholesky), "scaleTril": (scaleTril, .finite)],
            of: Self.self, validating: validating, broadcasting: false)
        self.loc = loc
        self.scaleTril = scaleTril
    }

    /// From a covariance matrix Σ (symmetric positive definite), factored here.
    /// - Throws: ``DistributionError`` when Σ is not positive definite.
    public init(loc: Tensor<Scalar>, covariance: Tensor<Scalar>) throws {
        try self.init(loc: loc, scaleTril: Self.factor(covariance, parameter: "covariance"))
    }

    /// From a precision matrix P = Σ⁻¹ (symmetric positive definite):
    /// Σ = L_P⁻ᵀ L_P⁻¹ for P = L_P L_Pᵀ, then factored.
    /// - Throws: ``DistributionError`` when P is not positive definite.
    public init(loc: Tensor<Scalar>, precision: Tensor<Scalar>) throws {
        let lp = try Self.factor(precision, parameter: "precision")
        let n = lp.shape[0]
        let inverse = try lowerTriangularSolve(lp, Tensor<Scalar>.identity(n))
        let covariance = try matmul(inverse.transposed(), inverse)
        try self.init(loc: loc, scaleTril: Self.factor((covariance + covariance.transposed()) * 0.5, parameter: "precision"))
    }

    /// The same from plain numbers: one distribution, of batch shape [],
    /// with L given row by row.
    /// - Throws: as the tensor form, and `TensorError` for ragged rows.
    public init(loc: [Scalar], scaleTril: [[Scalar]], validating: Bool = true) throws {
        try self.init(loc: Tensor(loc), scaleTril: Tensor(rows: scaleTril), validating: validating)
    }

    /// The same from plain numbers: one distribution, of batch shape [],
    /// with Σ given row by row (`MultivariateNormal(loc: [0, 0], covariance: [[1, 0.5], [0.5, 2]])`).
    /// - Throws: as the tensor form, and `TensorError` for ragged rows.
    public init(loc: [Scalar], covariance: [[Scalar]]) throws {
        try self.init(loc: Tensor(loc), covariance: Tensor(rows: covariance))
    }

    /// The same from plain numbers: one distribution, of batch shape [],
    /// with P given row by row.
    /// - Throws: as the tensor form, and `TensorError` for ragged rows.
    public init(loc: [Scalar], precision: [[Scalar]]) throws {
        try self.init(loc: Tensor(loc), precision: Tensor(rows: precision))
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
    /// The diagonal of Σ: row sums of L².
    public var variance: Tensor<Scalar> { get throws { try (scaleTril * scaleTril).sum(alongAxes: [1]).expanded(to: loc.shape) } }
    /// Σ = LLᵀ.
    public var covariance: Tensor<Scalar> { get throws { try matmul(scaleTril, scaleTril.transposed()) } }

    /// H = D/2·(1 + log 2π) + Σ log Lᵢᵢ.
    public func entropy() throws -> Tensor<Scalar> {
        let d = Scalar(dimension)
        return try (logDeterminantOfScale() + d / 2 * (1 + Scalar.log(2 * .pi))).expanded(to: batchShape)
    }

    /// log p(x) = −½‖L⁻¹(x − μ)‖² − Σ log Lᵢᵢ − (D/2) log 2π.
    /// - Throws: ``DistributionError/valueShapeMismatch(distribution:valueShape:expected:)``
    ///   when `value` does not broadcast with `loc`.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let shape = broadcastShape(value.shape, loc.shape) else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: value.shape, expected: loc.shape)
        }
        let d = Scalar(dimension)
        return try mahalanobis(value - loc, shape: shape) * -0.5 - logDeterminantOfScale() - d / 2 * Scalar.log(2 * .pi)
    }

    /// μ + Lε, ε ~ N(0, I).
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let noise = try Tensor<Scalar>.randomNormal(drawShape(sampleShape), using: &generator)
        return try loc + matmul(noise, scaleTril.transposed())
    }

    /// ‖L⁻¹δ‖² for each event of δ (broadcast to `shape`), by one triangular
    /// solve with all events as columns.
    func mahalanobis(_ difference: Tensor<Scalar>, shape: [Int]) throws -> Tensor<Scalar> {
        let columns = try difference.expanded(to: shape).reshaped(to: [-1, dimension]).transposed()
        let whitened = try lowerTriangularSolve(scaleTril, columns)
        return try (whitened * whitened).sum(alongAxes: [0]).reshaped(to: Array(shape.dropLast()))
    }

    /// Σ log Lᵢᵢ = ½ log det Σ.
    func logDeterminantOfScale() throws -> Tensor<Scalar> {
        try log((scaleTril * Tensor<Scalar>.identity(dimension)).sum(alongAxes: [1])).sum()
    }

    /// The Cholesky factor of a symmetric positive-definite `matrix`. Only
    /// its lower triangle enters the factor, so an asymmetric matrix is
    /// refused rather than read as another one: entries may differ from
    /// their transposes by 4√ε of the larger (rounding in forming them).
    private static func factor(_ matrix: Tensor<Scalar>, parameter: String) throws -> Tensor<Scalar> {
        if matrix.rank == 2, matrix.shape[0] == matrix.shape[1] {
            let n = matrix.shape[0], entries = matrix.scalars
            let tolerance = 4 * Scalar.ulpOfOne.squareRoot()
            for i in 0..<n {
                for j in 0..<i {
                    let (lower, upper) = (entries[i * n + j], entries[j * n + i])
                    guard !lower.isFinite || !upper.isFinite || Swift.abs(lower - upper) <= tolerance * Swift.max(Swift.abs(lower), Swift.abs(upper)) else {
                        throw DistributionError.invalidParameter(
                            of: Self.self, parameter: parameter,
                            requirement: "symmetric (entry [\(i)][\(j)] is \(lower), entry [\(j)][\(i)] is \(upper))",
                            value: Double(upper))
                    }
                }
            }
        }
        do {
            return try matrix.cholesky()
        } catch let error as TensorError {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: parameter,
                requirement: "symmetric positive definite (\(error))", value: offendingValue(of: matrix))
        }
    }

    /// What keeps a square `matrix` from being positive definite: its first
    /// NaN or infinite entry, else its least eigenvalue (≤ 0, or a rounding
    /// above it for a matrix singular to working precision), so that only a
    /// matrix with a non-finite entry reads as a diverged fit
    /// (``DistributionError/isNonFiniteParameter``). NaN for a matrix that
    /// is not square.
    private static func offendingValue(of matrix: Tensor<Scalar>) -> Double {
        guard matrix.rank == 2, matrix.shape[0] == matrix.shape[1] else { return .nan }
        let n = matrix.shape[0], entries = matrix.scalars.map(Double.init)
        if let nonFinite = entries.first(where: { !$0.isFinite }) { return nonFinite }
        let rows = (0..<n).map { i in (0..<n).map { j in entries[Swift.max(i, j) * n + Swift.min(i, j)] } }
        return SymmetricEigen.decompose(rows).values.last ?? .nan
    }
}

extension MultivariateNormal {
    /// KL(N(μ₁, Σ₁)‖N(μ₂, Σ₂)) = ½[tr(Σ₂⁻¹Σ₁) + ‖L₂⁻¹(μ₂ − μ₁)‖² − D] + log det L₂ − log det L₁,
    /// with tr(Σ₂⁻¹Σ₁) = ‖L₂⁻¹L₁‖²_F.
    static func kl(_ p: MultivariateNormal, _ q: MultivariateNormal) throws -> Tensor<Scalar> {
        guard p.dimension == q.dimension, let shape = broadcastShape(p.loc.shape, q.loc.shape) else {
            throw DistributionError.klShapeMismatch(p, q, ["p": p.loc.shape, "q": q.loc.shape])
        }
        let m = try lowerTriangularSolve(q.scaleTril, p.scaleTril)
        let trace = try (m * m).sum()
        let shift = try q.mahalanobis(q.loc - p.loc, shape: shape)
        return try (trace + shift - Scalar(p.dimension)) * 0.5 + q.logDeterminantOfScale() - p.logDeterminantOfScale()
    }
}
