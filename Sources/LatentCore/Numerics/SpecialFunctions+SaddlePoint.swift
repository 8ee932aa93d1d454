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
        binomialDeviance(x, m, excess: x - m)
    }

    /// bd0(x, m) given also d = x − m, which a caller can often form more
    /// exactly than the rounded m allows (as fma(−n, p, k) for m = np): near
    /// x ≈ m the deviance is about d²/(2m), and an error of ½ ulp in m at
    /// m = 3e15 would move it by 1e-8.
    public static func binomialDeviance(_ x: Double, _ m: Double, excess d: Double) -> Double {
        if x == 0 { return m }
        if m == 0 || m == .infinity || x == .infinity { return .infinity }
        guard Swift.abs(d) < 0.1 * (x + m) else {
            // x/m overflows or underflows when x and m are far apart (a
            // shape of 1e20 at x = 1e-300): then log x − log m, exact enough there.
            let ratio = x / m
            let logRatio = ratio.isNormal ? Double.log(ratio) : Double.log(x) - Double.log(m)
            return x * logRatio - d
        }
        let v = d / (x + m), v2 = v * v
        var sum = d * v, term = 2 * x * v
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
    /// p and q, where given, are the probabilities themselves (else e^(log p)
    /// and e^(log q)): k − np is then formed with one rounding by a fused
    /// multiply-add, which keeps the digits of the deviances at n = 10¹⁶
    /// (½ ulp of np = 3e15 would move them by 1e-8). Given p alone, q is
    /// taken as exactly 1 − p, so that f − nq = −(k − np).
    public static func logBinomialMass(
        successes k: Double, failures f: Double, logP: Double, logQ: Double, p: Double? = nil, q: Double? = nil
    ) -> Double {
        if k == 0 { return f == 0 ? 0 : f * logQ }
        if f == 0 { return k * logP }
        let n = k + f
        let complementOfP = p != nil && q == nil && n - k == f
        let (p, q) = (p ?? Double.exp(logP), q ?? (p == nil ? Double.exp(logQ) : 1 - p!))
        let (np, nq) = (n * p, n * q)
        let excessOfSuccesses = fusedExcess(k, n, p)
        let excessOfFailures = complementOfP ? -excessOfSuccesses : fusedExcess(f, n, q)
        return logGammaCorrection(n) - logGammaCorrection(k) - logGammaCorrection(f)
            - binomialDeviance(k, np, excess: excessOfSuccesses)
            - binomialDeviance(f, nq, excess: excessOfFailures)
            + 0.5 * Double.log(n / (2 * Double.pi * k * f))
    }

    /// log of the Poisson mass λᵏ e^(−λ)/Γ(k + 1) for real k ≥ 0 and λ ≥ 0,
    /// as −δ(k) − bd0(k, λ) − ½ log(2πk).
    public static func logPoissonMass(_ k: Double, _ lambda: Double) -> Double {
        if k == 0 { return -lambda }
        return -logGammaCorrection(k) - binomialDeviance(k, lambda) - 0.5 * Double.log(2 * Double.pi * k)
    }

    /// x − n·p with one rounding (a fused multiply-add).
    private static func fusedExcess(_ x: Double, _ n: Double, _ p: Double) -> Double {
        x.addingProduct(-n, p)
    }

    static let halfLogTwoPi = 0.5 * Double.log(2 * Double.pi)
}
