import LatentCore

extension Laplace {
    /// KL(Laplace(μ₁, b₁)‖Laplace(μ₂, b₂)) = log(b₂/b₁) + |μ₁ − μ₂|/b₂
    /// + (b₁/b₂)·exp(−|μ₁ − μ₂|/b₁) − 1.
    static func kl(_ p: Laplace, _ q: Laplace) throws -> Tensor<Scalar> {
        let ratio = try p.scale / q.scale
        let distance = try abs(p.loc - q.loc)
        return try -log(ratio) + distance / q.scale + ratio * exp(-distance / p.scale) - 1
    }
}
