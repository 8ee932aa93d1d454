import LatentCore

/// The generalised Pareto tail fit behind PSIS's k̂.
///
/// For exceedances x > 0 over a threshold, the generalised Pareto density
/// is (1/σ)(1 + ξx/σ)^(−1/ξ − 1). The shape ξ is the tail index: the
/// distribution has finite moments of order < 1/ξ, so importance weights
/// whose tail has ξ > 0.5 have infinite variance and ξ > 0.7 makes even
/// Pareto-smoothed estimates unreliable (Vehtari et al. 2024).
public enum GeneralizedPareto {
    /// ξ̂ and σ̂ by the empirical-Bayes estimator of Zhang & Stephens
    /// (2009). With θ = −ξ/σ the profile likelihood depends on θ alone,
    /// through ξ(θ) = mean log(1 − θxᵢ): θ̂ is its posterior mean over a grid
    /// of m = 30 + ⌊√n⌋ points spread from 1/x₍ₙ₎ by the lower quartile, then
    /// ξ̂ = ξ(θ̂) and σ̂ = −ξ̂/θ̂. As in PSIS, ξ̂ is shrunk towards 0.5 by a
    /// weakly informative prior worth 10 observations.
    /// - Parameter exceedances: positive values, at least 5.
    /// - Returns: nil when there are fewer than 5 values or they are all
    ///   equal (a bounded tail: nothing to fit).
    public static func fit(_ exceedances: [Double]) -> (shape: Double, scale: Double)? {
        let x = exceedances.sorted()
        let n = x.count
        guard n >= 5, let largest = x.last, largest > 0, x.first! < largest else { return nil }
        let gridSize = 30 + Int(Double(n).squareRoot())
        let quartile = x[Swift.max(Int(Double(n) / 4 + 0.5) - 1, 0)]
        guard quartile > 0 else { return nil }
        let theta = (1...gridSize).map { j in
            (1 - (Double(gridSize) / (Double(j) - 0.5)).squareRoot()) / (3 * quartile) + 1 / largest
        }
        // ξ(θ), and the profile log-likelihood n(log(−θ/ξ(θ)) − ξ(θ) − 1);
        // each grid weight is 1/Σⱼ exp(ℓⱼ − ℓᵢ), the normalised likelihood.
        let shapes = theta.map { t in x.reduce(0) { $0 + Double.logOnePlus(-t * $1) } / Double(n) }
        let logLikelihoods = zip(theta, shapes).map { t, k in Double(n) * (Double.log(-t / k) - k - 1) }
        let weights = logLikelihoods.map { li in 1 / logLikelihoods.reduce(0) { $0 + Double.exp($1 - li) } }
        let kept = zip(theta, weights).filter { $0.1 >= 10 * Double.ulpOfOne }
        let total = kept.reduce(0) { $0 + $1.1 }
        let thetaHat = kept.reduce(0) { $0 + $1.0 * $1.1 } / total
        let rawShape = x.reduce(0) { $0 + Double.logOnePlus(-thetaHat * $1) } / Double(n)
        let scale = -rawShape / thetaHat
        let priorWeight = 10.0
        let shape = (Double(n) * rawShape + priorWeight * 0.5) / (Double(n) + priorWeight)
        return (shape, scale)
    }

    /// Pareto k̂ of a set of log importance weights: the generalised Pareto
    /// shape fitted to the largest M = min(S/5, 3√S) weights above the
    /// next one (Vehtari et al., PSIS).
    /// - Returns: −∞ when the tail is flat (all those weights equal: the
    ///   guide is exact where it was sampled); nil for fewer than 25
    ///   weights or a non-finite one.
    public static func paretoK(logWeights: [Double]) -> Double? {
        let count = logWeights.count
        let tailSize = Swift.min(count / 5, Int(3 * Double(count).squareRoot()))
        guard tailSize >= 5, logWeights.allSatisfy(\.isFinite) else { return nil }
        // Only the tail and the threshold below it are needed: selected, not sorted whole.
        let sorted = largest(tailSize + 1, of: logWeights)
        let (threshold, top) = (sorted[0], sorted[tailSize])
        let exceedances = sorted.dropFirst().map { Double.exp($0 - top) - Double.exp(threshold - top) }
        return fit(exceedances)?.shape ?? -.infinity
    }

    /// The `k` largest of `values` (1 ≤ k ≤ count), in increasing order: a
    /// quickselect of the k-th largest (Hoare's partition, the middle
    /// element as pivot), then a sort of the k above it.
    static func largest(_ k: Int, of values: [Double]) -> [Double] {
        var v = values
        let target = v.count - k
        var (low, high) = (0, v.count - 1)
        while low < high {
            let pivot = v[(low + high) / 2]
            var (i, j) = (low, high)
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    (i, j) = (i + 1, j - 1)
                }
            }
            if target <= j { high = j } else if target >= i { low = i } else { break }
        }
        return v[target...].sorted()
    }
}
