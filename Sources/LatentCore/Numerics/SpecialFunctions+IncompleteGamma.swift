internal import CGSL
import RealModule

/// The regularised incomplete gamma function's inverse and its derivative in
/// the shape parameter: what a Gamma distribution's quantile function and
/// implicit reparameterisation gradient need.
extension SpecialFunctions {
    /// x with P(a, x) = p, for a > 0 and 0 ≤ p ≤ 1 (0 and +∞ at the ends).
    ///
    /// GSL's quantile gives the starting point where it succeeds (it returns
    /// NaN for small a, where x is astronomically small); a safeguarded
    /// Newton iteration on log P (log Q in the upper tail) as a function of
    /// t = log x then polishes it to full precision. Where GSL fails, the
    /// start is the small-x series P ≈ xᵃ/Γ(a + 1).
    public static func inverseRegularizedGammaP(_ a: Double, _ p: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, p >= 0, p <= 1 else { throw .domain(function: "inverseRegularizedGammaP", arguments: [a, p]) }
        _ = GSLRuntime.abortDisabled
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        let upper = p > 0.5
        let start = upper ? gsl_cdf_gamma_Qinv(1 - p, a, 1) : gsl_cdf_gamma_Pinv(p, a, 1)
        let series = (Double.log(p) + logGamma(a + 1)) / a
        return try Double.exp(solveLogTail(a, target: upper ? Double.log(1 - p) : Double.log(p), upper: upper,
                                           start: start.isFinite && start > 0 ? Double.log(start) : series))
    }

    /// x with Q(a, x) = q, for a > 0 and 0 ≤ q ≤ 1 (+∞ and 0 at the ends):
    /// the upper quantile, which keeps the digits of a small q that 1 − q
    /// would lose.
    public static func inverseRegularizedGammaQ(_ a: Double, _ q: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, q >= 0, q <= 1 else { throw .domain(function: "inverseRegularizedGammaQ", arguments: [a, q]) }
        if q >= 0.5 { return try inverseRegularizedGammaP(a, 1 - q) }
        if q == 0 { return .infinity }
        _ = GSLRuntime.abortDisabled
        let start = gsl_cdf_gamma_Qinv(q, a, 1)
        let fallback = a + Swift.max(1, a.squareRoot()) * (-2 * Double.log(q)).squareRoot()
        return try Double.exp(solveLogTail(a, target: Double.log(q), upper: true,
                                           start: Double.log(start.isFinite && start > 0 ? start : fallback)))
    }

    /// t with log(tail(a, eᵗ)) = target, where tail is P (or Q when
    /// `upper`): Newton steps, falling back to bisection of the bracket
    /// whenever a step would leave it.
    private static func solveLogTail(_ a: Double, target: Double, upper: Bool, start: Double) throws(SpecialFunctionError) -> Double {
        var low = -745.0, high = Double.log(Swift.max(1e3, 20 * a))
        var t = Swift.min(Swift.max(start, low), high)
        for _ in 0..<200 {
            let x = Double.exp(t)
            let tail = upper ? try regularizedGammaQ(a, x) : try regularizedGammaP(a, x)
            let residual = Double.log(tail) - target
            if residual == 0 { break }
            // log P rises with t and log Q falls: keep the root bracketed.
            if (residual < 0) != upper { low = t } else { high = t }
            let slope = Double.exp(t + logGammaDensity(a, x) - Double.log(tail)) * (upper ? -1 : 1)
            var next = t - residual / slope
            if !next.isFinite || next <= low || next >= high { next = (low + high) / 2 }
            if Swift.abs(next - t) <= 4 * Double.ulpOfOne * Swift.max(1, Swift.abs(t)) { return next }
            t = next
        }
        return t
    }

    /// ∂P(a, x)/∂a, for a > 0 and x ≥ 0.
    ///
    /// No closed form exists; this is the central difference of GSL's P
    /// with step h = 10⁻⁵·a (truncation ~h², rounding ~ε/h: about 1e-10
    /// relative). Where P > ½ it differentiates −Q instead, so that the
    /// digits of a tail probability are not lost against 1.
    public static func regularizedGammaPShapeDerivative(_ a: Double, _ x: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, x >= 0 else { throw .domain(function: "regularizedGammaPShapeDerivative", arguments: [a, x]) }
        if x == 0 || x == .infinity { return 0 }
        let h = 1e-5 * a
        if try regularizedGammaP(a, x) <= 0.5 {
            return (try regularizedGammaP(a + h, x) - regularizedGammaP(a - h, x)) / (2 * h)
        }
        return -(try regularizedGammaQ(a + h, x) - regularizedGammaQ(a - h, x)) / (2 * h)
    }

    /// log of the Gamma(a, 1) density at x: (a − 1) log x − x − log Γ(a),
    /// with its limits at 0 and +∞.
    ///
    /// x^(a−1)e^(−x)/Γ(a) is the Poisson mass at a − 1 of mean x, so it is
    /// evaluated by ``logPoissonMass(_:_:)``, whose saddle-point form keeps
    /// full precision at shapes of 1e20 and beyond where (a − 1) log x and
    /// log Γ(a) cancel; below a = 1, as the mass at a times a/x.
    public static func logGammaDensity(_ a: Double, _ x: Double) -> Double {
        if x == 0 { return a < 1 ? .infinity : (a == 1 ? 0 : -.infinity) }
        if x == .infinity { return -.infinity }
        return a >= 1 ? logPoissonMass(a - 1, x) : logPoissonMass(a, x) + Double.log(a) - Double.log(x)
    }

    /// dz/da for a Gamma(a, 1) draw z held at its quantile: by the implicit
    /// function theorem on P(a, z) = u, dz/da = −(∂P/∂a)/p(z; a) (Figurnov et
    /// al. 2018). Computed through logarithms, since both factors can be
    /// tiny or huge for small a.
    public static func gammaSampleShapeDerivative(_ a: Double, at z: Double) throws(SpecialFunctionError) -> Double {
        guard z > 0, z.isFinite else { return 0 }
        let slope = try regularizedGammaPShapeDerivative(a, z)
        if slope == 0 { return 0 }
        let magnitude = Double.exp(Double.log(Swift.abs(slope)) - logGammaDensity(a, z))
        return slope > 0 ? -magnitude : magnitude
    }
}
