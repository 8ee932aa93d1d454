import LatentCore

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
