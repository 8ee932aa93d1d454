import LatentCore

extension Dirichlet {
    /// KL(Dir(α)‖Dir(β)) = log B(β) − log B(α) + Σ(αₖ − βₖ)(ψ(αₖ) − ψ(α₀)).
    static func kl(_ p: Dirichlet, _ q: Dirichlet) throws -> Tensor<Scalar> {
        guard p.eventShape == q.eventShape else {
            throw DistributionError.klShapeMismatch(p, q, ["p": p.concentration.shape, "q": q.concentration.shape])
        }
        let a0 = try p.concentration.sum(alongAxes: [-1], keepingDims: true)
        let cross = try ((p.concentration - q.concentration) * (digamma(p.concentration) - digamma(a0))).sum(alongAxes: [-1])
        return try q.logBeta() - p.logBeta() + cross
    }
}
