import LatentCore

extension Gamma {
    /// KL(Gamma(α₁, β₁)‖Gamma(α₂, β₂)) = (α₁ − α₂)ψ(α₁) − log Γ(α₁) + log Γ(α₂)
    /// + α₂(log β₁ − log β₂) + α₁(β₂ − β₁)/β₁ (rates β).
    static func kl(_ p: Gamma, _ q: Gamma) throws -> Tensor<Scalar> {
        let (a1, b1, a2, b2) = (p.concentration, p.rate, q.concentration, q.rate)
        return try (a1 - a2) * digamma(a1) - logGamma(a1) + logGamma(a2) + a2 * (log(b1) - log(b2)) + a1 * (b2 - b1) / b1
    }
}
