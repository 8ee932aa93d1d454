internal import CGSL
import RealModule

/// The regularised incomplete beta function's inverse and its derivatives
/// in the shape parameters: what a Beta distribution's quantile function
/// and its gradients need.
extension SpecialFunctions {
    /// x with I_x(a, b) = p, for a, b > 0 and 0 ≤ p ≤ 1 (0 and 1 at the ends).
    ///
    /// Below p = ½ it solves log I_x(a, b) = log p; above, it solves the
    /// mirrored lower tail I_y(b, a) = 1 − p for y = 1 − x, so that each tail
    /// keeps its digits. Each solve is a safeguarded Newton iteration in
    /// log x from GSL's quantile (or, where that fails, the small-x series
    /// I_x ≈ xᵃ/(a B(a, b))).
    public static func inverseRegularizedBeta(_ a: Double, _ b: Double, _ p: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, b > 0, p >= 0, p <= 1 else { throw .domain(function: "inverseRegularizedBeta", arguments: [a, b, p]) }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        if p <= 0.5 { return try solveBetaLowerTail(a, b, Double.log(p), start: gslStart(p, a, b)) }
        return 1 - (try solveBetaLowerTail(b, a, Double.log(onePlus: -p), start: gslStart(1 - p, b, a)))
    }

    private static func gslStart(_ p: Double, _ a: Double, _ b: Double) -> Double {
        _ = GSLRuntime.abortDisabled
        return gsl_cdf_beta_Pinv(p, a, b)
    }

    /// x with log I_x(a, b) = target: Newton steps in t = log x with the
    /// root kept bracketed, bisecting whenever a step would leave the bracket.
    private static func solveBetaLowerTail(_ a: Double, _ b: Double, _ target: Double, start: Double) throws(SpecialFunctionError) -> Double {
        var low = -745.0, high = 0.0
        let series = (target + Double.log(a) + (try logBeta(a, b))) / a
        var t = start.isFinite && start > 0 && start < 1 ? Double.log(start) : Swift.min(series, -1e-3)
        t = Swift.min(Swift.max(t, low), high)
        for _ in 0..<200 {
            let x = Double.exp(t)
            let tail = try regularizedBeta(a, b, Swift.min(x, 1))
            let residual = Double.log(tail) - target
            if residual == 0 { break }
            if residual < 0 { low = t } else { high = t }
            let logDensity = (a - 1) * Double.log(x) + (b - 1) * Double.log(onePlus: -x) - (try logBeta(a, b))
            let slope = Double.exp(t + logDensity - Double.log(tail))
            var next = t - residual / slope
            if !next.isFinite || next <= low || next >= high { next = (low + high) / 2 }
            if Swift.abs(next - t) <= 4 * Double.ulpOfOne * Swift.max(1, Swift.abs(t)) { return Double.exp(next) }
            t = next
        }
        return Double.exp(t)
    }

    /// ∂I_x(a, b)/∂a and ∂I_x(a, b)/∂b, by central differences with steps
    /// 10⁻⁵·a and 10⁻⁵·b (about 1e-10 relative), each of the nearer tail.
    public static func regularizedBetaShapeDerivatives(_ a: Double, _ b: Double, _ x: Double) throws(SpecialFunctionError) -> (a: Double, b: Double) {
        guard x > 0, x < 1 else { return (0, 0) }
        let (ha, hb) = (1e-5 * a, 1e-5 * b)
        if try regularizedBeta(a, b, x) <= 0.5 {
            return ((try regularizedBeta(a + ha, b, x) - regularizedBeta(a - ha, b, x)) / (2 * ha),
                    (try regularizedBeta(a, b + hb, x) - regularizedBeta(a, b - hb, x)) / (2 * hb))
        }
        return (-(try regularizedBeta(b, a + ha, 1 - x) - regularizedBeta(b, a - ha, 1 - x)) / (2 * ha),
                -(try regularizedBeta(b + hb, a, 1 - x) - regularizedBeta(b - hb, a, 1 - x)) / (2 * hb))
    }
}
