internal import CGSL
import RealModule

/// Temme's uniform asymptotic expansion of the regularised incomplete gamma
/// functions for large shapes (Temme 1979; DLMF 8.12.3–8.12.10), where
/// GSL's series and continued fraction run out of iterations (a ≥ 1e6 away
/// from the mode) or cannot be summed at all (a = 1e20).
extension SpecialFunctions {
    /// Shapes from which P and Q are taken from the expansion: its first
    /// omitted term is of relative order c₂/a² < 1e-13 there (measured
    /// against mpmath: 1e-10 at a = 10³, falling like a⁻²).
    static let temmeShape = 1e5

    /// (P(a, x), Q(a, x)) for a ≥ ``temmeShape`` and 0 < x < ∞:
    /// Q = ½ erfc(η√(a/2)) + R, P = ½ erfc(−η√(a/2)) − R, with
    /// λ = x/a, ½η² = λ − 1 − log λ (η of the sign of λ − 1) and
    /// R = e^(−aη²/2)/√(2πa) · (c₀(η) + c₁(η)/a).
    static func temmeGamma(_ a: Double, _ x: Double) -> (p: Double, q: Double) {
        let u = (x - a) / a
        let eta = Double(signOf: u, magnitudeOf: (2 * oneMinusLogOnePlus(u)).squareRoot())
        let c0: Double, c1: Double
        if Swift.abs(eta) < 1e-3 {
            // The closed forms cancel near η = 0: their Taylor series
            // (the next terms, O(η³) and O(η²), are below 1e-9 and 1e-6 of them).
            c0 = -1.0 / 3 + eta / 12 - 2 * eta * eta / 135
            c1 = -1.0 / 540 - eta / 288
        } else {
            c0 = 1 / u - 1 / eta
            c1 = 1 / (eta * eta * eta) - 1 / (u * u * u) - 1 / (u * u) - 1 / (12 * u)
        }
        let exponent = -0.5 * a * eta * eta
        let remainder = exponent < -750 ? 0 : Double.exp(exponent) / (2 * Double.pi * a).squareRoot() * (c0 + c1 / a)
        let y = eta * (0.5 * a).squareRoot()
        return (0.5 * complementaryErrorFunction(-y) - remainder, 0.5 * complementaryErrorFunction(y) + remainder)
    }

    /// erfc(y), exactly 0 and 2 beyond |y| = 28 (where erfc(y) < 1e-342
    /// rounds to 0): GSL's erfc returns NaN once y² overflows, which the
    /// expansion meets at x = 1e-300 and x = 1e200.
    private static func complementaryErrorFunction(_ y: Double) -> Double {
        if y > 28 { return 0 }
        if y < -28 { return 2 }
        _ = GSLRuntime.abortDisabled
        return gsl_sf_erfc(y)
    }

    /// u − log(1 + u), by its series Σₖ₌₂ (−1)ᵏuᵏ/k for |u| < ½, where
    /// the direct difference cancels (it is u²/2 for small u).
    private static func oneMinusLogOnePlus(_ u: Double) -> Double {
        guard Swift.abs(u) < 0.5 else { return u - Double.log(onePlus: u) }
        var sum = 0.0, power = u * u
        for k in 2..<200 {
            let term = (k % 2 == 0 ? power : -power) / Double(k)
            sum += term
            if Swift.abs(term) <= 1e-17 * Swift.abs(sum) { break }
            power *= u
        }
        return sum
    }
}
