import LatentCore

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
