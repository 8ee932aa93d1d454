import LatentCore

extension Uniform {
    /// KL(U[a₁, b₁]‖U[a₂, b₂]) = log((b₂ − a₂)/(b₁ − a₁)) when [a₁, b₁] ⊆ [a₂, b₂],
    /// +∞ otherwise.
    static func kl(_ p: Uniform, _ q: Uniform) throws -> Tensor<Scalar> {
        let inside = try p.low.isLess(than: q.low).isEqual(to: Tensor(0)) * q.high.isLess(than: p.high).isEqual(to: Tensor(0))
        return try select(where: inside, log(q.high - q.low) - log(p.high - p.low), Tensor(.infinity))
    }
}
