internal import CGSL
import RealModule

/// The regularised incomplete gamma function's inverse and its derivative in
/// the shape parameter: what a Gamma distribution's quantile function and
/// implicit reparameterisation gradient need.
extension SpecialFunctions {
    /// x with P(a, x) = p, for a > 0 and 0 ≤ p ≤ 1 (0 and +∞ at the ends).
    public static func inverseRegularizedGammaP(_ a: Double, _ p: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, p >= 0, p <= 1 else { throw .domain(function: "inverseRegularizedGammaP", arguments: [a, p]) }
        return Double.exp(try logInverseRegularizedGammaP(a, p))
    }

    /// x with Q(a, x) = q, for a > 0 and 0 ≤ q ≤ 1 (+∞ and 0 at the ends):
    /// the upper quantile, which keeps the digits of a small q that 1 − q
    /// would lose.
    public static func inverseRegularizedGammaQ(_ a: Double, _ q: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, q >= 0, q <= 1 else { throw .domain(function: "inverseRegularizedGammaQ", arguments: [a, q]) }
        return Double.exp(try logInverseRegularizedGammaQ(a, q))
    }

    /// log x with P(a, x) = p, for a > 0 and 0 ≤ p ≤ 1 (−∞ and +∞ at the
    /// ends): the logarithm itself, so that a quantile below the smallest
    /// Double (1e-600 at a = ½, p = 1e-300) can still be scaled by a rate.
    ///
    /// Where the small-x series P = xᵃ/Γ(a + 1)·(1 − a x/(a + 1) + …) puts x
    /// below 1e-304, its first term alone is exact to 1e-304 relative, so
    /// log x = (log p + log Γ(a + 1))/a. Elsewhere the start is GSL's
    /// quantile (a normal approximation when GSL fails, as it does for
    /// small a and beyond a = 10⁵), polished by a bracketed Newton iteration
    /// on log P (log Q in the upper half).
    public static func logInverseRegularizedGammaP(_ a: Double, _ p: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, p >= 0, p <= 1 else { throw .domain(function: "logInverseRegularizedGammaP", arguments: [a, p]) }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let series = (Double.log(p) + logGamma(a + 1)) / a
        if series < -700 { return series }
        if p > 0.5 { return try solveLogTail(a, target: Double.log(1 - p), upper: true, start: start(a, upperTail: 1 - p)) }
        _ = GSLRuntime.abortDisabled
        let gsl = a < temmeShape ? gsl_cdf_gamma_Pinv(p, a, 1) : .nan
        let initial = gsl.isFinite && gsl > 0 ? Double.log(gsl) : Swift.max(series, normalStart(a, z: try normalQuantile(p)))
        return try solveLogTail(a, target: Double.log(p), upper: false, start: initial)
    }

    /// log x with Q(a, x) = q, for a > 0 and 0 ≤ q ≤ 1 (+∞ and −∞ at the ends).
    public static func logInverseRegularizedGammaQ(_ a: Double, _ q: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, q >= 0, q <= 1 else { throw .domain(function: "logInverseRegularizedGammaQ", arguments: [a, q]) }
        if q >= 0.5 { return try logInverseRegularizedGammaP(a, 1 - q) }
        if q == 0 { return .infinity }
        return try solveLogTail(a, target: Double.log(q), upper: true, start: start(a, upperTail: q))
    }

    /// log of a starting point for Q(a, x) = q (q ≤ ½): GSL's upper quantile
    /// below a = 10⁵, where it is reliable; otherwise (or where it fails)
    /// the normal approximation.
    private static func start(_ a: Double, upperTail q: Double) throws(SpecialFunctionError) -> Double {
        _ = GSLRuntime.abortDisabled
        let gsl = a < temmeShape ? gsl_cdf_gamma_Qinv(q, a, 1) : .nan
        if gsl.isFinite && gsl > 0 { return Double.log(gsl) }
        return normalStart(a, z: -(try normalQuantile(q)))
    }

    /// log of the Wilson–Hilferty approximation x ≈ a(1 − 1/(9a) + z/(3√a))³
    /// at the standard normal quantile z of the same lower tail, floored at
    /// a·1e-3 where the cube goes negative: a start, not an answer.
    private static func normalStart(_ a: Double, z: Double) -> Double {
        let base = 1 - 1 / (9 * a) + z / (3 * a.squareRoot())
        return Double.log(a) + (base > 0.1 ? 3 * Double.log(base) : Double.log(1e-3))
    }

    /// log of the lower (or, when `upper`, the upper) regularised
    /// incomplete gamma function at x = eᵗ; below x = 1e-300 log P is taken
    /// from its series, a t − log Γ(a + 1) + log(1 − a x/(a + 1)), which
    /// does not underflow.
    private static func logTail(_ a: Double, _ t: Double, upper: Bool) throws(SpecialFunctionError) -> Double {
        let x = Double.exp(t)
        if t < -690 {
            let logP = a * t - logGamma(a + 1) + Double.log(onePlus: -a * x / (a + 1))
            return upper ? Double.log(onePlus: -Double.exp(logP)) : logP
        }
        let tail = upper ? try regularizedGammaQ(a, x) : try regularizedGammaP(a, x)
        return tail > 0 ? Double.log(tail) : -.infinity
    }

    /// t with log(tail(a, eᵗ)) = target, where tail is P (or Q when
    /// `upper`): Newton steps, falling back to bisection of the bracket
    /// whenever a step would leave it; at most 200 steps, so that it ends
    /// on every input.
    private static func solveLogTail(_ a: Double, target: Double, upper: Bool, start: Double) throws(SpecialFunctionError) -> Double {
        var low = -745.0, high = Double.log(Swift.max(1e3, 20 * a))
        var t = Swift.min(Swift.max(start, low), high)
        for _ in 0..<200 {
            let logValue = try logTail(a, t, upper: upper)
            let residual = logValue - target
            if residual == 0 { break }
            // log P rises with t and log Q falls: keep the root bracketed.
            // A tail that underflows to 0 (residual −∞) moves the bracket too.
            if (residual < 0) != upper { low = t } else { high = t }
            let slope = Double.exp(t + logGammaDensity(a, Double.exp(t)) - logValue) * (upper ? -1 : 1)
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
