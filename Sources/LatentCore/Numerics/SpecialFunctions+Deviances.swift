/// The small non-negative remainders that KL divergences between nearby
/// members of a family reduce to, evaluated without forming the difference
/// of two nearly equal terms of order 1: at parameters 1 + 10⁻⁸ apart the
/// divergence is about 5·10⁻¹⁷, below the rounding of those terms.
extension SpecialFunctions {
    /// x − log(1 + x) ≥ 0 for x > −1, by its Taylor series Σₖ≥₂ (−x)ᵏ/k
    /// below |x| < 0.1 (where it is about x²/2 and the direct difference
    /// would lose its digits), directly elsewhere.
    public static func logOnePlusDeficit(_ x: Double) -> Double {
        guard Swift.abs(x) < 0.1 else { return x - Double.log(onePlus: x) }
        var sum = 0.0, power = -x
        for k in 2..<60 {
            power *= -x
            let next = sum + power / Double(k)
            if next == sum { break }
            sum = next
        }
        return sum
    }

    /// r − 1 − log r ≥ 0 for r = a/b, a, b > 0: as ``logOnePlusDeficit(_:)``
    /// of (a − b)/b (a − b is exact there) for a and b within a factor 1.5 of
    /// each other; elsewhere directly, with log r = log a − log b where a/b
    /// overflows or underflows.
    public static func ratioDeviance(_ a: Double, _ b: Double) -> Double {
        let x = (a - b) / b
        if Swift.abs(x) < 0.5 { return logOnePlusDeficit(x) }
        let r = a / b
        let logRatio = r.isNormal && r.isFinite ? Double.log(r) : Double.log(a) - Double.log(b)
        return r - 1 - logRatio
    }

    /// e^(−u) − 1 + u ≥ 0, by its Taylor series Σₖ≥₂ (−u)ᵏ/k! below
    /// |u| < 0.5 (where it is about u²/2), as expm1(−u) + u elsewhere.
    public static func exponentialDeficit(_ u: Double) -> Double {
        guard Swift.abs(u) < 0.5 else { return Double.expMinusOne(-u) + u }
        var sum = 0.0, term = 1.0
        for k in 1..<40 {
            term *= -u / Double(k)
            guard k >= 2 else { continue }
            let next = sum + term
            if next == sum { break }
            sum = next
        }
        return sum
    }

    /// log Γ(x + h) − log Γ(x) − h ψ(x) ≥ 0 for x > 0, x + h > 0: the
    /// remainder after the first Taylor term, ≈ h²ψ₁(x)/2. Both arguments are
    /// first raised by the n steps that bring them to 10 or more, by
    /// log Γ(y + 1) = log Γ(y) + log y and ψ(y + 1) = ψ(y) + 1/y, each step
    /// adding tₖ − log1p tₖ ≥ 0 with tₖ = h/(x + k) (``logOnePlusDeficit(_:)``,
    /// formed from h itself, since x + h + k rounds away digits of a small h;
    /// ``ratioDeviance(_:_:)`` where tₖ is far from 0). At u = x + n, t = h/u, Stirling's formula
    /// with ψ(u) = log u − 1/(2u) − S(u) and the corrections δ
    /// (``logGammaCorrection(_:)``) gives
    /// bd0(u + h, u) + ½(t − log1p t) + (δ(u + h) − δ(u) − hδ′(u)),
    /// δ′ = −S, where the terms of size h log u that cancel in the direct form
    /// (18 nats at x = 10⁸, h = 1, for a remainder of 5·10⁻⁹) are taken out
    /// analytically. Infinite arguments take the direct form.
    public static func logGammaTaylorRemainder(_ x: Double, _ h: Double) -> Double {
        if h == 0 { return 0 }
        guard x.isFinite, (x + h).isFinite else { return logGamma(x + h) - logGamma(x) - h * digamma(x) }
        let steps = Swift.max(0, (10 - Swift.min(x, x + h)).rounded(.up))
        var sum = 0.0
        for k in stride(from: 0.0, to: steps, by: 1) {
            let t = h / (x + k)
            sum += Swift.abs(t) < 0.5 ? logOnePlusDeficit(t) : ratioDeviance(x + h + k, x + k)
        }
        let u = x + steps, v = u + h
        return sum + binomialDeviance(v, u, excess: h) + 0.5 * logOnePlusDeficit(h / u)
            + logGammaCorrectionRemainder(u, h)
    }

    /// δ(u + h) − δ(u) − hδ′(u) for u, u + h ≥ 10, from the series
    /// δ(x) = Σₖ cₖ x^(−m), m = 2k − 1, cₖ = B₂ₖ/(2k(2k − 1)), of
    /// ``logGammaCorrection(_:)``, each power's remainder written with
    /// t = h/u, w = m log1p t as
    /// (1 + t)^(−m) − 1 + mt = (e^(−w) − 1 + w) + m(t − log1p t),
    /// a sum of non-negative terms of order t², where the difference
    /// δ(u + h) − δ(u) would leave rounding errors of 10⁻¹⁷/u at any h.
    private static func logGammaCorrectionRemainder(_ u: Double, _ h: Double) -> Double {
        let coefficients = [1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156]
        let t = h / u, logStep = Double.log(onePlus: t), deficit = logOnePlusDeficit(t)
        var sum = 0.0, power = 1.0
        for (k, c) in coefficients.enumerated() {
            let m = Double(2 * k + 1)
            power /= k == 0 ? u : u * u
            sum += c * power * (exponentialDeficit(m * logStep) + m * deficit)
        }
        return sum
    }
}
