internal import CGSL

/// Special functions in `Double`, evaluated by GSL.
///
/// Functions defined on the whole real line (with poles) return the IEEE
/// value at a pole, stated for each; functions whose arguments have a
/// restricted domain throw ``SpecialFunctionError/domain(function:arguments:)``
/// outside it. No GSL error ever aborts the process.
public enum SpecialFunctions {
    /// log|Γ(x)|; +∞ at the poles x = 0, −1, −2, …
    public static func logGamma(_ x: Double) -> Double {
        if isNonPositiveInteger(x) || x == .infinity { return .infinity }
        return (try? GSLRuntime.evaluate("logGamma", [x]) { gsl_sf_lngamma_e(x, $0) }) ?? .nan
    }

    /// The digamma function ψ(x) = d/dx log Γ(x); NaN at the poles
    /// x = 0, −1, −2, … (it tends to −∞ from one side and +∞ from the other).
    public static func digamma(_ x: Double) -> Double {
        if isNonPositiveInteger(x) { return .nan }
        if x == .infinity { return .infinity }
        return (try? GSLRuntime.evaluate("digamma", [x]) { gsl_sf_psi_e(x, $0) }) ?? .nan
    }

    /// The trigamma function ψ₁(x) = d²/dx² log Γ(x); +∞ at the poles.
    public static func trigamma(_ x: Double) -> Double {
        if isNonPositiveInteger(x) { return .infinity }
        if x == .infinity { return 0 }
        return (try? GSLRuntime.evaluate("trigamma", [x]) { gsl_sf_psi_1_e(x, $0) }) ?? .nan
    }

    /// The polygamma function ψ⁽ⁿ⁾(x) = dⁿ⁺¹/dxⁿ⁺¹ log Γ(x).
    /// - Throws: `.domain` for n < 0, or for n ≥ 2 and x ≤ 0 (GSL evaluates
    ///   higher orders for positive x only).
    public static func polygamma(_ n: Int, _ x: Double) throws(SpecialFunctionError) -> Double {
        switch n {
        case 0: return digamma(x)
        case 1: return trigamma(x)
        default:
            guard n > 0, x > 0 else { throw .domain(function: "polygamma", arguments: [Double(n), x]) }
            return try GSLRuntime.evaluate("polygamma", [Double(n), x]) { gsl_sf_psi_n_e(Int32(n), x, $0) }
        }
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), for a, b > 0; for
    /// a, b ≥ 10 by Stirling's formula (`logBetaOfLargeShapes(_:_:)`),
    /// where GSL's sum of log-gammas loses 3e-9 at a = b = 10⁶.
    public static func logBeta(_ a: Double, _ b: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, b > 0 else { throw .domain(function: "logBeta", arguments: [a, b]) }
        if Swift.min(a, b) >= 10 { return logBetaOfLargeShapes(a, b) }
        return try GSLRuntime.evaluate("logBeta", [a, b]) { gsl_sf_lnbeta_e(a, b, $0) }
    }

    /// The regularised lower incomplete gamma function
    /// P(a, x) = γ(a, x)/Γ(a), for a > 0 and x ≥ 0 (the Gamma(a, 1) CDF);
    /// from a = 10⁵ by Temme's uniform expansion (`temmeGamma(_:_:)`).
    public static func regularizedGammaP(_ a: Double, _ x: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, x >= 0 else { throw .domain(function: "regularizedGammaP", arguments: [a, x]) }
        if x == .infinity { return 1 }
        if a >= temmeShape, x > 0 { return temmeGamma(a, x).p }
        return try GSLRuntime.evaluate("regularizedGammaP", [a, x]) { gsl_sf_gamma_inc_P_e(a, x, $0) }
    }

    /// The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x),
    /// computed directly so that small tails keep their relative precision.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, x >= 0 else { throw .domain(function: "regularizedGammaQ", arguments: [a, x]) }
        if x == .infinity { return 0 }
        if a >= temmeShape, x > 0 { return temmeGamma(a, x).q }
        return try GSLRuntime.evaluate("regularizedGammaQ", [a, x]) { gsl_sf_gamma_inc_Q_e(a, x, $0) }
    }

    /// The regularised incomplete beta function I_x(a, b), for a, b > 0 and
    /// 0 ≤ x ≤ 1 (the Beta(a, b) CDF); from a + b = 10⁵ by our own continued
    /// fraction (`largeShapeRegularizedBeta(_:_:_:)`).
    public static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, b > 0, x >= 0, x <= 1 else {
            throw .domain(function: "regularizedBeta", arguments: [a, b, x])
        }
        if a + b >= largeBetaShapes { return try largeShapeRegularizedBeta(a, b, x) }
        return try GSLRuntime.evaluate("regularizedBeta", [a, b, x]) { gsl_sf_beta_inc_e(a, b, x, $0) }
    }

    /// The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt.
    public static func erf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        _ = GSLRuntime.abortDisabled
        return gsl_sf_erf(x)
    }

    /// The complementary error function erfc(x) = 1 − erf(x), accurate where
    /// erf(x) is close to 1.
    public static func erfc(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        _ = GSLRuntime.abortDisabled
        return gsl_sf_erfc(x)
    }

    /// The inverse error function, for −1 ≤ y ≤ 1 (±∞ at ±1).
    ///
    /// erfinv(y) = Φ⁻¹((1 + y)/2)/√2. For y > 0 it is evaluated as
    /// −Φ⁻¹((1 − y)/2)/√2, because 1 − y is exact near 1 where 1 + y would
    /// lose the digits that matter. For |y| < ½, (1 ± y)/2 rounds away the
    /// digits of a small y (all of them below 1e-16), so that start is
    /// polished by Newton steps on erf(z) = y, whose error erf(z) − y GSL
    /// gives to full relative precision there.
    public static func erfinv(_ y: Double) throws(SpecialFunctionError) -> Double {
        guard y >= -1, y <= 1 else { throw .domain(function: "erfinv", arguments: [y]) }
        _ = GSLRuntime.abortDisabled
        if y == 1 { return .infinity }
        if y == -1 { return -.infinity }
        var z = (y > 0 ? -gsl_cdf_ugaussian_Pinv((1 - y) / 2) : gsl_cdf_ugaussian_Pinv((1 + y) / 2)) / 2.0.squareRoot()
        guard Swift.abs(y) < 0.5 else { return z }
        for _ in 0..<3 {
            let slope = 2 / Double.pi.squareRoot() * Double.exp(-z * z)
            z -= (gsl_sf_erf(z) - y) / slope
        }
        return z
    }

    /// The standard normal CDF Φ(x).
    public static func normalCDF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        _ = GSLRuntime.abortDisabled
        return gsl_cdf_ugaussian_P(x)
    }

    /// The standard normal quantile Φ⁻¹(p), for 0 ≤ p ≤ 1 (±∞ at the ends),
    /// by Wichura's AS 241 (GSL), relative to 1e-15 down to p = 1e-300.
    public static func normalQuantile(_ p: Double) throws(SpecialFunctionError) -> Double {
        guard p >= 0, p <= 1 else { throw .domain(function: "normalQuantile", arguments: [p]) }
        _ = GSLRuntime.abortDisabled
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        return gsl_cdf_ugaussian_Pinv(p)
    }

    private static func isNonPositiveInteger(_ x: Double) -> Bool {
        x <= 0 && x == x.rounded()
    }
}
