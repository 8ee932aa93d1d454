import RealModule

/// Log-masses of the Poisson and binomial distributions accurate at any
/// size, by Loader's saddle-point decomposition (Loader 2000, "Fast and
/// accurate computation of binomial probabilities"): the Stirling error of
/// each factorial and the deviance term bd0 are each computed without
/// cancellation, where k log λ − λ − log k! loses log₁₀(λ log λ) digits
/// (three nats at λ = 10¹⁵). The rejection samplers' acceptance tests rest
/// on these.
enum SaddlePointMass {
    /// δ(n) = log n! − log(√(2πn)(n/e)ⁿ), n ≥ 0: log Γ directly below 15
    /// (absolute error about 10⁻¹⁴), the asymptotic series beyond (its
    /// first omitted term is below 10⁻¹⁷ there).
    static func stirlingError(_ n: Double) -> Double {
        if n < 15 {
            if n == 0 { return 0 }
            return SpecialFunctions.logGamma(n + 1) - (n + 0.5) * Double.log(n) + n - 0.5 * Double.log(2 * Double.pi)
        }
        let inverseSquare = 1 / (n * n)
        let series = 1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - inverseSquare / 1188) * inverseSquare) * inverseSquare)
            * inverseSquare
        return series / n
    }

    /// bd0(x, μ) = x log(x/μ) + μ − x ≥ 0, the deviance of x from μ, given
    /// `difference` = x − μ exactly (the caller knows it better than x − μ
    /// rounded). Near μ it is the series (x − μ)v + Σⱼ 2x v²ʲ⁺¹/(2j + 1) in
    /// v = (x − μ)/(x + μ), whose terms are all of one sign.
    static func deviance(_ x: Double, mean: Double, difference: Double) -> Double {
        let sum = x + mean
        guard Swift.abs(difference) < 0.1 * sum else {
            return x * Double.log(x / mean) - difference
        }
        let v = difference / sum
        var total = difference * v
        var odd = 2 * x * v
        let square = v * v
        for j in 1...100 {
            odd *= square
            let next = total + odd / Double(2 * j + 1)
            if next == total { break }
            total = next
        }
        return total
    }

    /// log P(k) of Poisson(λ) for an integer k ≥ 0, with `deviation` = k − λ.
    static func logPoisson(_ k: Double, rate: Double, deviation: Double) -> Double {
        if k == 0 { return -rate }
        return -stirlingError(k) - deviance(k, mean: rate, difference: deviation) - 0.5 * Double.log(2 * Double.pi * k)
    }

    /// log P(k) of Binomial(n, p) for an integer 0 ≤ k ≤ n, with q = 1 − p
    /// and `deviation` = k − np.
    static func logBinomial(_ k: Double, count n: Double, p: Double, q: Double, deviation: Double) -> Double {
        if k == 0 { return n * Double.log(onePlus: -p) }
        if k == n { return n * Double.log(p) }
        let failures = n - k
        let saddle = stirlingError(n) - stirlingError(k) - stirlingError(failures)
            - deviance(k, mean: n * p, difference: deviation) - deviance(failures, mean: n * q, difference: -deviation)
        return saddle - 0.5 * Double.log(2 * Double.pi * k * (failures / n))
    }
}
