internal import CGSL
import RealModule

/// The regularised incomplete beta function's inverse and its derivatives
/// in the shape parameters: what a Beta distribution's quantile function
/// and its gradients need.
extension SpecialFunctions {
    /// x with I_x(a, b) = p, for a, b > 0 and 0 ≤ p ≤ 1 (0 and 1 at the ends).
    ///
    /// Below p = ½ it solves log I_x(a, b) = log p, above log(1 − I_x(a, b))
    /// = log(1 − p), so that each tail keeps its digits; the unknown is
    /// log x where the start lies below ½ and log(1 − x) (shapes swapped)
    /// where it lies above, so that a quantile near 1 keeps its digits in 1 − x.
    /// The start is the small-x series where that underflows (the quantile is
    /// then 0 or 1), the normal approximation for a, b ≥ 10, and GSL's
    /// quantile otherwise; the solve is bounded (`solveBetaTail(_:_:_:lower:start:)`).
    public static func inverseRegularizedBeta(_ a: Double, _ b: Double, _ p: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, b > 0, p >= 0, p <= 1 else { throw .domain(function: "inverseRegularizedBeta", arguments: [a, b, p]) }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        let lower = p <= 0.5
        let logTarget = lower ? Double.log(p) : Double.log(onePlus: -p)
        // I_x(a, b) ≈ xᵃ/(a B(a, b)) for small x, so log x ≈ (log p + log a + log B(a, b))/a;
        // the same for y = 1 − x in the upper tail (NaN in the tail not solved).
        let logSmallX = lower ? (logTarget + Double.log(a) + (try logBeta(a, b))) / a : .nan
        let logSmallY = lower ? .nan : (logTarget + Double.log(b) + (try logBeta(a, b))) / b
        if logSmallX < logLeastNonzero { return 0 }
        if logSmallY < logLeastNonzero { return 1 }
        let start = try betaQuantileStart(a, b, p, logSmallX: logSmallX, logSmallY: logSmallY)
        if start <= 0.5 { return try solveBetaTail(a, b, logTarget, lower: lower, start: start) }
        return 1 - (try solveBetaTail(b, a, logTarget, lower: !lower, start: 1 - start))
    }

    /// log of the least positive Double, 4.9e-324.
    private static let logLeastNonzero = Double.log(Double.leastNonzeroMagnitude)

    /// A first guess at the quantile, inside (0, 1).
    private static func betaQuantileStart(
        _ a: Double, _ b: Double, _ p: Double, logSmallX: Double, logSmallY: Double
    ) throws(SpecialFunctionError) -> Double {
        let r = a + b
        if Swift.min(a, b) >= 10 {
            let guess = a / r + (try normalQuantile(p)) * (a * b / (r + 1)).squareRoot() / r
            if guess > 0, guess < 1 { return guess }
        } else if r < largeBetaShapes {
            _ = GSLRuntime.abortDisabled
            let guess = gsl_cdf_beta_Pinv(p, a, b)
            if guess > 0, guess < 1 { return guess }
        }
        if logSmallX.isFinite { return Swift.min(Double.exp(logSmallX), 0.5) }
        if logSmallY.isFinite { return Swift.max(-Double.expMinusOne(logSmallY), 0.5) }
        return a / r
    }

    /// x with log T(x) = target, T the lower tail I_x(a, b) or the upper tail
    /// 1 − I_x(a, b) = I_y(b, a), y = 1 − x, each evaluated directly:
    /// Newton steps in t = log x, dT/dt = ±x·p(x), with the root kept
    /// bracketed in [log 4.9e-324, 0] and a bisection wherever a step would
    /// leave the bracket. At most 200 steps: the bisections alone reach the
    /// root to the last bit of t within 70.
    private static func solveBetaTail(
        _ a: Double, _ b: Double, _ target: Double, lower: Bool, start: Double
    ) throws(SpecialFunctionError) -> Double {
        var low = logLeastNonzero, high = 0.0
        var t = Swift.min(Swift.max(Double.log(start), low), -Double.leastNormalMagnitude)
        for _ in 0..<200 {
            let x = Double.exp(t), y = -Double.expMinusOne(t)
            let tail = lower ? try regularizedBeta(a, b, x) : try regularizedBeta(b, a, y)
            let residual = Double.log(tail) - target
            if residual == 0 { break }
            if (residual < 0) == lower { low = t } else { high = t }
            let logSlope = (try logBetaPowerTerms(a, b, x: x, y: y)) - Double.log(y) - Double.log(tail)
            let slope = lower ? Double.exp(logSlope) : -Double.exp(logSlope)
            var next = t - residual / slope
            if !next.isFinite || next <= low || next >= high { next = 0.5 * (low + high) }
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
