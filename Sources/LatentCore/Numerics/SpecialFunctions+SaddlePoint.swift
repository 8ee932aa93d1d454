/// Log-masses of counts written as Loader's saddle-point expansion (Loader
/// 2000, "Fast and accurate computation of binomial probabilities"): the
/// large terms that cancel in log Γ(n + 1) − log Γ(k + 1) − … are taken out
/// analytically, so that the result keeps its relative precision at counts
/// of 10¹⁵ and beyond, where the direct difference of log-gammas loses whole
/// nats.
extension SpecialFunctions {
    /// δ(x) = log Γ(x) − ((x − ½) log x − x + ½ log 2π), the error of
    /// Stirling's formula, for x > 0 (+∞ at 0). It falls like 1/(12x).
    ///
    /// For x ≥ 10 the asymptotic series Σ B₂ₖ/(2k(2k − 1)x^(2k−1)) to the
    /// x⁻¹³ term (the next is below 3e-17, 4e-15 of δ(10)); below 10 the
    /// direct difference, whose terms are at most ~20 (error ≲ 1e-14).
    public static func logGammaCorrection(_ x: Double) -> Double {
        if x == 0 { return .infinity }
        if x == .infinity { return 0 }
        if x >= 10 {
            let y = 1 / (x * x)
            let series = 1.0 / 12 - y * (1.0 / 360 - y * (1.0 / 1260 - y * (1.0 / 1680 - y * (1.0 / 1188
                - y * (691.0 / 360360 - y * (1.0 / 156))))))
            return series / x
        }
        return logGamma(x) - ((x - 0.5) * Double.log(x) - x + halfLogTwoPi)
    }

    /// dδ/dx = ψ(x) − log x + 1/(2x).
    public static func logGammaCorrectionDerivative(_ x: Double) -> Double {
        if x >= 10 {
            let y = 1 / (x * x)
            return -y * (1.0 / 12 - y * (1.0 / 120 - y * (1.0 / 252 - y * (1.0 / 240 - y * (1.0 / 132)))))
        }
        return digamma(x) - Double.log(x) + 0.5 / x
    }

    /// Loader's deviance term bd0(x, m) = x log(x/m) + m − x ≥ 0, for x ≥ 0
    /// and m ≥ 0, evaluated without cancellation where x ≈ m: with
    /// v = (x − m)/(x + m) it is (x − m)v + 2x Σⱼ v^(2j+1)/(2j + 1).
    public static func binomialDeviance(_ x: Double, _ m: Double) -> Double {
        if x == 0 { return m }
        if m == 0 || m == .infinity || x == .infinity { return .infinity }
        guard Swift.abs(x - m) < 0.1 * (x + m) else {
            // x/m overflows or underflows when x and m are far apart (a
            // shape of 1e20 at x = 1e-300): then log x − log m, exact enough there.
            let ratio = x / m
            let logRatio = ratio.isNormal ? Double.log(ratio) : Double.log(x) - Double.log(m)
            return x * logRatio + m - x
        }
        let v = (x - m) / (x + m), v2 = v * v
        var sum = (x - m) * v, term = 2 * x * v
        for j in 1..<1_000 {
            term *= v2
            let next = sum + term / Double(2 * j + 1)
            if next == sum { break }
            sum = next
        }
        return sum
    }

    /// log of the binomial mass C(k + f, k) pᵏ qᶠ for k successes and f
    /// failures (real, ≥ 0), from log p and log q, as
    /// δ(n) − δ(k) − δ(f) − bd0(k, np) − bd0(f, nq) + ½ log(n/(2πkf)),
    /// n = k + f. With real f this is also the negative binomial's kernel.
    public static func logBinomialMass(successes k: Double, failures f: Double, logP: Double, logQ: Double) -> Double {
        if k == 0 { return f == 0 ? 0 : f * logQ }
        if f == 0 { return k * logP }
        let n = k + f
        let (np, nq) = (n * Double.exp(logP), n * Double.exp(logQ))
        return logGammaCorrection(n) - logGammaCorrection(k) - logGammaCorrection(f)
            - binomialDeviance(k, np) - binomialDeviance(f, nq)
            + 0.5 * Double.log(n / (2 * Double.pi * k * f))
    }

    /// log of the Poisson mass λᵏ e^(−λ)/Γ(k + 1) for real k ≥ 0 and λ ≥ 0,
    /// as −δ(k) − bd0(k, λ) − ½ log(2πk).
    public static func logPoissonMass(_ k: Double, _ lambda: Double) -> Double {
        if k == 0 { return -lambda }
        return -logGammaCorrection(k) - binomialDeviance(k, lambda) - 0.5 * Double.log(2 * Double.pi * k)
    }

    static let halfLogTwoPi = 0.5 * Double.log(2 * Double.pi)
}
