import RealModule

/// The implicit reparameterisation gradient of gamma draws (Figurnov et al.
/// 2018) in every regime of shape and draw, in logarithms so that it holds
/// for draws that underflow: d(log z)/da for z ~ Gamma(a, 1) held at its
/// quantile u = P(a, z), which is −(∂P/∂a)/(z·p(z; a)).
extension SpecialFunctions {
    /// d(log z)/da at P(a, z) fixed, for a > 0 and z = e^logDraw > 0.
    ///
    /// - z ≤ 1: the power series of P (below), exact to rounding, also
    ///   where z itself underflows (log z = −10⁵ for a = 10⁻³ is common).
    /// - z > 1 and a ≥ 300: Temme's uniform expansion (below), relative error about
    ///   3·10⁻³/a² (3·10⁻⁸ at a = 300, 3·10⁻¹⁵ at 10⁶, against 40-digit
    ///   mpmath), where GSL's incomplete gamma function runs out of
    ///   iterations for large a and the central difference below, whose
    ///   step grows with a, errs by up to 10⁻⁶ in the tails.
    /// - z > 1 and a < 300: ``gammaSampleShapeDerivative(_:at:)``'s central
    ///   difference of GSL's P, divided by z (relative error below 10⁻⁷
    ///   for a < 300 against mpmath, 10⁻⁹ away from the far tails).
    /// - Throws: what ``gammaSampleShapeDerivative(_:at:)`` throws.
    public static func gammaDrawLogShapeDerivative(_ a: Double, logDraw: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, !logDraw.isNaN else { throw .domain(function: "gammaDrawLogShapeDerivative", arguments: [a, logDraw]) }
        guard logDraw.isFinite else { return 0 }
        let z = Double.exp(logDraw)
        if z <= 1 { return smallDrawLogSlope(a, z, logDraw) }
        if a >= 300 { return uniformAsymptoticDrawSlope(a, z) / z }
        return try gammaSampleShapeDerivative(a, at: z) / z
    }

    /// With γ(a, z) = zᵃ Σₙ (−z)ⁿ/(n!(a + n)) = zᵃ(1/a + S), S the terms
    /// n ≥ 1 and S' = dS/da = −Σₙ (−z)ⁿ/(n!(a + n)²):
    /// d(log z)/da = −eᶻ[(log z − ψ(a + 1))/a + S(log z − ψ(a)) + S'].
    /// The 1/a² terms of the plain form cancel analytically (ψ(a) + 1/a =
    /// ψ(a + 1)), which keeps tiny shapes exact. For z ≤ 1 the terms fall
    /// as 1/n!.
    static func smallDrawLogSlope(_ a: Double, _ z: Double, _ logZ: Double) -> Double {
        var series = 0.0, slope = 0.0
        var power = 1.0
        for n in 1...30 {
            power *= -z / Double(n)
            let denominator = a + Double(n)
            series += power / denominator
            slope -= power / (denominator * denominator)
            if Swift.abs(power) < 1e-18 * Swift.abs(series) { break }
        }
        let digammaNext = digamma(a + 1)
        let bracket = (logZ - digammaNext) / a + series * (logZ - digammaNext + 1 / a) + slope
        return -Double.exp(z) * bracket
    }

    /// dz/da from Temme's uniform expansion of the incomplete gamma
    /// function, P(a, z) = Φ(η√a) − φ(η√a)/√a·(c₀(η) + O(1/a)), with
    /// λ = z/a, ½η² = λ − 1 − log λ (η of the sign of λ − 1) and
    /// c₀(η) = 1/(λ − 1) − 1/η. Holding this P fixed while a moves gives
    /// dη/da = −[η(1 + ηc₀) + c₀/a]/(2[a(1 + ηc₀) − c₀'(η)]), and
    /// dz/da = λ + a·(dλ/dη)·dη/da with dλ/dη = λ(1 + ηc₀).
    static func uniformAsymptoticDrawSlope(_ a: Double, _ z: Double) -> Double {
        let lambda = z / a, t = z / a - 1
        let eta = (2 * excessOverLogOnePlus(t)).squareRoot() * (t < 0 ? -1 : 1)
        let (c0, c0Slope) = temmeLeadingCoefficient(eta, t: t, lambda: lambda)
        let ratio = 1 + eta * c0
        let etaSlope = -(eta * ratio + c0 / a) / (2 * (a * ratio - c0Slope))
        return lambda + a * lambda * ratio * etaSlope
    }

    /// t − log(1 + t) ≥ 0, by its series t²/2 − t³/3 + … for |t| < 0.1.
    static func excessOverLogOnePlus(_ t: Double) -> Double {
        guard Swift.abs(t) < 0.1 else { return t - Double.log(onePlus: t) }
        var total = 0.0, power = t * t
        for k in 2...24 {
            total += (k % 2 == 0 ? power : -power) / Double(k)
            power *= t
        }
        return total
    }

    /// c₀(η) and c₀'(η): near η = 0 (|η| < 0.3) the Taylor series whose
    /// coefficients are Temme's d₀ₖ (DiDonato & Morris 1986), where the
    /// closed forms cancel; the closed forms beyond. c₀ enters dz/da only
    /// through terms of relative size 1/a, so the series' truncation
    /// (below 10⁻¹⁰) does not show.
    static func temmeLeadingCoefficient(_ eta: Double, t: Double, lambda: Double) -> (Double, Double) {
        guard Swift.abs(eta) < 0.3 else {
            return (1 / t - 1 / eta, -eta * lambda / (t * t * t) + 1 / (eta * eta))
        }
        let numerators: [Double] = [-1, 1, -2, 1, 1, -139, 1, -571]
        let denominators: [Double] = [3, 12, 135, 864, 2835, 777_600, 25_515, 261_273_600]
        let coefficients = zip(numerators, denominators).map { $0 / $1 }
        var value = 0.0, slope = 0.0, power = 1.0
        for (k, coefficient) in coefficients.enumerated() {
            value += coefficient * power
            if k + 1 < coefficients.count { slope += Double(k + 1) * coefficients[k + 1] * power }
            power *= eta
        }
        return (value, slope)
    }
}
