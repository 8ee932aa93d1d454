internal import CGSL

/// Student's t distribution function and its inverse, standard (location 0,
/// scale 1) with ν > 0 degrees of freedom.
extension SpecialFunctions {
    /// P(T > t) for t ≥ 0.
    ///
    /// Up to ν = 10⁵ it is ½ I_x(ν/2, ½) with x = 1/(1 + r²), r = t/√ν (or
    /// ½ − ½ I_{1−x}(½, ν/2) where x is near 1 and its digits sit in 1 − x);
    /// where x underflows (r > 1e150) the series' leading term
    /// x^(ν/2)/((ν/2) B(ν/2, ½)) in logarithms, whose relative error is
    /// O(x). Above ν = 10⁵ GSL's Cornish–Fisher expansion (Hill 1970), whose
    /// error falls like ν⁻⁵.
    public static func studentTUpperTail(_ t: Double, _ nu: Double) throws(SpecialFunctionError) -> Double {
        guard t >= 0, nu > 0 else { throw .domain(function: "studentTUpperTail", arguments: [t, nu]) }
        _ = GSLRuntime.abortDisabled
        if t == .infinity { return 0 }
        if nu > 1e5 { return gsl_cdf_tdist_Q(t, nu) }
        let r = t / nu.squareRoot()
        if r > 1e150 {
            let logX = -2 * Double.log(r)
            return 0.5 * Double.exp(0.5 * nu * logX - Double.log(0.5 * nu) - (try logBeta(0.5 * nu, 0.5)))
        }
        let r2 = r * r
        if r2 < 1 {
            return 0.5 - 0.5 * (try regularizedBeta(0.5, 0.5 * nu, r2 / (1 + r2)))
        }
        return 0.5 * (try regularizedBeta(0.5 * nu, 0.5, 1 / (1 + r2)))
    }

    /// F(t) = P(T ≤ t).
    public static func studentTCDF(_ t: Double, _ nu: Double) throws(SpecialFunctionError) -> Double {
        guard !t.isNaN, nu > 0 else { throw .domain(function: "studentTCDF", arguments: [t, nu]) }
        return t < 0 ? try studentTUpperTail(-t, nu) : 1 - (try studentTUpperTail(t, nu))
    }

    /// log of the standard t density:
    /// log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − (ν+1)/2 · log(1 + t²/ν).
    public static func studentTLogDensity(_ t: Double, _ nu: Double) -> Double {
        if t.isInfinite { return -.infinity }
        let r = Swift.abs(t) / nu.squareRoot()
        let logOnePlusR2 = r > 1 ? 2 * Double.log(r) + Double.log(onePlus: 1 / (r * r)) : Double.log(onePlus: r * r)
        return logGammaDifference(0.5 * nu, 0.5) - 0.5 * Double.log(nu * .pi) - 0.5 * (nu + 1) * logOnePlusR2
    }

    /// t with F(t) = p, for 0 ≤ p ≤ 1 (∓∞ at 0 and 1).
    ///
    /// Starts from GSL's quantile (or, where that is not finite, from the
    /// tail's leading term P ≈ ν^(ν/2−1) |t|^(−ν)/B(ν/2, ½)), then Newton
    /// steps on the logarithm of the nearer tail probability, each step
    /// halved until it keeps the sign of t.
    public static func studentTQuantile(_ p: Double, _ nu: Double) throws(SpecialFunctionError) -> Double {
        guard p >= 0, p <= 1, nu > 0 else { throw .domain(function: "studentTQuantile", arguments: [p, nu]) }
        _ = GSLRuntime.abortDisabled
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        // By symmetry solve P(T > t) = tail for t > 0 and restore the sign.
        let tail = p < 0.5 ? p : 1 - p
        let logTail = Double.log(tail)
        var t = -gsl_cdf_tdist_Pinv(tail, nu)
        if !t.isFinite || t <= 0 {
            t = Double.exp(((0.5 * nu - 1) * Double.log(nu) - (try logBeta(0.5 * nu, 0.5)) - logTail) / nu)
        }
        if !t.isFinite { return p < 0.5 ? -.infinity : .infinity }
        for _ in 0..<60 {
            let upper = try studentTUpperTail(t, nu)
            let residual = Double.log(upper) - logTail
            if residual == 0 || !residual.isFinite { break }
            // d log Q/dt = −p(t)/Q(t).
            var step = residual / Double.exp(studentTLogDensity(t, nu) - Double.log(upper))
            while t + step <= 0 { step /= 2 }
            let next = t + step
            if Swift.abs(next - t) <= 2 * Double.ulpOfOne * t { t = next; break }
            t = next
        }
        return p < 0.5 ? -t : t
    }

    /// ∂F(t; ν)/∂ν, by a central difference of the nearer tail with step
    /// h = 1e-5·ν (truncation ~h², rounding ~ε/h: about 1e-10 relative).
    public static func studentTCDFShapeDerivative(_ t: Double, _ nu: Double) throws(SpecialFunctionError) -> Double {
        if t == 0 || t.isInfinite { return 0 }
        let h = 1e-5 * nu
        let slope = (try studentTUpperTail(Swift.abs(t), nu + h) - studentTUpperTail(Swift.abs(t), nu - h)) / (2 * h)
        return t < 0 ? slope : -slope
    }
}
