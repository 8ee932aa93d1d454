import LatentCore

extension Exponential {
    /// KL(Exp(λ₁)‖Exp(λ₂)) = log(λ₁/λ₂) + λ₂/λ₁ − 1.
    static func kl(_ p: Exponential, _ q: Exponential) throws -> Tensor<Scalar> {
        let ratio = try q.rate / p.rate
        return try ratio - log(ratio) - 1
    }
}
