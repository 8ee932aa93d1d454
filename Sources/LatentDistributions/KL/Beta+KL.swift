import LatentCore

extension Beta {
    /// KL(Beta(a₁, b₁)‖Beta(a₂, b₂)) = log B(a₂, b₂) − log B(a₁, b₁)
    /// + (a₁ − a₂)ψ(a₁) + (b₁ − b₂)ψ(b₁) + (a₂ − a₁ + b₂ − b₁)ψ(a₁ + b₁).
    static func kl(_ p: Beta, _ q: Beta) throws -> Tensor<Scalar> {
        let (a1, b1, a2, b2) = (p.concentration1, p.concentration0, q.concentration1, q.concentration0)
        let logB1 = try logGamma(a1) + logGamma(b1) - logGamma(a1 + b1)
        let logB2 = try logGamma(a2) + logGamma(b2) - logGamma(a2 + b2)
        return try logB2 - logB1 + (a1 - a2) * digamma(a1) + (b1 - b2) * digamma(b1)
            + (a2 - a1 + b2 - b1) * digamma(a1 + b1)
    }
}
