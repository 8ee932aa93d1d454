import LatentCore

extension Normal {
    /// KL(N(μ₁, σ₁²)‖N(μ₂, σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½.
    static func kl(_ p: Normal, _ q: Normal) throws -> Tensor<Scalar> {
        let ratio = try p.scale / q.scale
        let shift = try (p.loc - q.loc) / q.scale
        return try (ratio * ratio + shift * shift) * 0.5 - log(ratio) - 0.5
    }
}
