import LatentCore

extension Poisson {
    /// KL(Poi(λ₁)‖Poi(λ₂)) = λ₁ log(λ₁/λ₂) − λ₁ + λ₂.
    static func kl(_ p: Poisson, _ q: Poisson) throws -> Tensor<Scalar> {
        try xlogy(p.rate, p.rate) - xlogy(p.rate, q.rate) - p.rate + q.rate
    }
}
