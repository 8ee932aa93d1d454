import LatentCore

extension GeneralizedPareto {
    /// The generalised Pareto quantile F⁻¹(p) = σ((1 − p)^(−ξ) − 1)/ξ, or
    /// −σ log(1 − p) when ξ = 0, for p in [0, 1).
    public static func quantile(_ p: Double, shape: Double, scale: Double) -> Double {
        shape == 0
            ? -scale * Double.logOnePlus(-p)
            : scale * Double.expMinusOne(-shape * Double.logOnePlus(-p)) / shape
    }

    /// Pareto-smoothed log importance weights and their k̂ (Vehtari et al.,
    /// PSIS): the largest M = min(S/5, 3√S) weights (the tail ``paretoK(logWeights:)``
    /// fits) are replaced, in their order, by the expected order statistics
    /// of the fitted tail, threshold + F⁻¹((z − ½)/M) for z = 1…M, capped at
    /// the largest raw weight. The others are unchanged, and so are all of
    /// them when the tail is flat (k̂ = −∞).
    /// - Returns: nil for fewer than 25 weights or a non-finite one.
    public static func smoothed(logWeights: [Double]) -> (logWeights: [Double], paretoK: Double)? {
        let count = logWeights.count
        let tailSize = Swift.min(count / 5, Int(3 * Double(count).squareRoot()))
        guard tailSize >= 5, logWeights.allSatisfy(\.isFinite) else { return nil }
        let order = logWeights.indices.sorted { logWeights[$0] < logWeights[$1] }
        let top = logWeights[order[count - 1]]
        let threshold = Double.exp(logWeights[order[count - tailSize - 1]] - top)
        let tail = order.suffix(tailSize)
        guard let tailFit = fit(tail.map { Double.exp(logWeights[$0] - top) - threshold }) else {
            return (logWeights, -.infinity)
        }
        var smoothed = logWeights
        for (z, index) in tail.enumerated() {
            let p = (Double(z) + 0.5) / Double(tailSize)
            let weight = threshold + quantile(p, shape: tailFit.shape, scale: tailFit.scale)
            smoothed[index] = Swift.min(Double.log(weight), 0) + top
        }
        return (smoothed, tailFit.shape)
    }
}
