import RealModule

extension TensorScalar {
    /// A Binomial(count, p) variate, exact at every finite whole count ≥ 0,
    /// returned as a `Double` (an integer; beyond 2⁵³, the nearest `Double`
    /// to one). `q` is 1 − p, passed separately so that a probability near
    /// 1 given as logits keeps its digits (q = 10⁻²⁰ is not 1 − p rounded).
    ///
    /// The smaller of p and q is drawn (the count of the other is n minus
    /// it). Where n·min(p, q) < 10, inversion by sequential search from 0;
    /// otherwise Hörmann's BTRS (transformed rejection with squeeze, Hörmann
    /// 1993), acceptance rate at least 0.7 at every n and p (0.89 for large
    /// n·p(1 − p); measured from n = 20 to 10¹⁵), with its test on
    /// Loader's saddle-point log-masses, so that neither n ≥ 10⁷ (where an
    /// incomplete beta function runs out of iterations) nor n beyond 2⁵³
    /// loses accuracy. The candidate is an integer deviation from ⌊np⌋.
    /// NaN for a count or probability that is NaN or infinite.
    public static func randomBinomial(
        count n: Double, p: Double, q: Double, using generator: inout some RandomNumberGenerator
    ) -> Double {
        guard n.isFinite, p.isFinite, q.isFinite else { return .nan }
        if n == 0 || p <= 0 { return 0 }
        if q <= 0 { return n }
        if p > q { return n - randomBinomial(count: n, p: q, q: p, using: &generator) }
        if n * p < 10 { return binomialByInversion(n, p, q, &generator) }
        return binomialByTransformedRejection(n, p, q, &generator)
    }

    static func binomialByInversion(_ n: Double, _ p: Double, _ q: Double, _ generator: inout some RandomNumberGenerator) -> Double {
        let u = uniformDouble(&generator)
        let odds = p / q
        var k = 0.0, mass = Double.exp(n * Double.log(onePlus: -p))
        var cumulative = mass
        // n·p < 10 and p ≤ ½: P(0) > e⁻¹⁴, and the mass underflows within a
        // few hundred steps, ending the loop even for a u that the rounded
        // total never reaches.
        while u >= cumulative && mass > 0 && k < n {
            mass *= (n - k) / (k + 1) * odds
            k += 1
            cumulative += mass
        }
        return k
    }

    static func binomialByTransformedRejection(
        _ n: Double, _ p: Double, _ q: Double, _ generator: inout some RandomNumberGenerator
    ) -> Double {
        let mean = n * p
        // np = base + offset exactly: the rounding of n·p is recovered by a fused multiply–add.
        let base = mean.rounded(.down)
        let offset = (mean - base) + (-mean).addingProduct(n, p)
        let spread = (mean * q).squareRoot()
        let b = 1.15 + 2.53 * spread
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let alpha = (2.83 + 5.1 / b) * spread
        let squeeze = 0.92 - 4.2 / b
        // The mode ⌊(n + 1)p⌋ = ⌊np + p⌋.
        let modeDeviation = (offset + p).rounded(.down)
        let mode = base + modeDeviation
        let logModeMass = SaddlePointMass.logBinomial(mode, count: n, p: p, q: q, deviation: modeDeviation - offset)
        while true {
            let u = uniformDouble(&generator) - 0.5
            let v = uniformDouble(&generator)
            let us = 0.5 - Swift.abs(u)
            let deviation = ((2 * a / us + b) * u + offset + 0.5).rounded(.down)
            let k = base + deviation
            if !(k >= 0 && k <= n) { continue }
            if us >= 0.07 && v <= squeeze { return k }
            let logHat = Double.log(v * alpha / (a / (us * us) + b))
            let logMass = SaddlePointMass.logBinomial(k, count: n, p: p, q: q, deviation: deviation - offset)
            if logHat <= logMass - logModeMass { return k }
        }
    }
}
