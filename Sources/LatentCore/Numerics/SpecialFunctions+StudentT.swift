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
            // log r from logarithms: t/√ν itself overflows at t = 1.8e308, ν < 1.
            let logX = -2 * (Double.log(t) - 0.5 * Double.log(nu))
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
    /// By symmetry it solves log Q(t) = log q for t > 0, q the nearer tail.
    /// The start is the best (smallest residual) of GSL's quantile, the
    /// Cornish–Fisher expansion t ≈ z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²)
    /// around the normal quantile z (whose next term is O(ν⁻³)), and the
    /// tail's leading term Q ≈ ν^(ν/2−1) t^(−ν)/B(ν/2, ½). Newton steps then
    /// run on log t, where the tail is nearly linear (log Q ≈ c − ν log t far
    /// out, so a heavy tail at q = 1e-300 is one step away), with slope
    /// d log Q/d log t = −t·p(t)/Q(t); a step that does not shrink the
    /// residual is halved.
    public static func studentTQuantile(_ p: Double, _ nu: Double) throws(SpecialFunctionError) -> Double {
        guard p >= 0, p <= 1, nu > 0 else { throw .domain(function: "studentTQuantile", arguments: [p, nu]) }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let tail = p < 0.5 ? p : 1 - p
        // Beyond the largest Double the quantile is ∓∞ (ν < 1 at tiny q).
        if try studentTUpperTail(.greatestFiniteMagnitude, nu) > tail { return p < 0.5 ? -.infinity : .infinity }
        let logTail = Double.log(tail)
        let residual = { (t: Double) throws(SpecialFunctionError) -> Double in
            Double.log(try studentTUpperTail(t, nu)) - logTail
        }
        var best: (t: Double, residual: Double)?
        for start in try studentTQuantileStarts(tail, logTail, nu) where start.isFinite && start > 0 {
            let r = try residual(start)
            if r.isNaN { continue }
            if best == nil || Swift.abs(r) < Swift.abs(best!.residual) { best = (start, r) }
        }
        guard var (t, r) = best else { return p < 0.5 ? -.infinity : .infinity }
        var steps = 0
        while r != 0, r.isFinite, steps < 100 {
            steps += 1
            let slope = t * Double.exp(studentTLogDensity(t, nu) - Double.log(try studentTUpperTail(t, nu)))
            var logStep = r / slope
            var next = t * Double.exp(logStep)
            var nextResidual = try residual(next)
            var halvings = 0
            while !(Swift.abs(nextResidual) < Swift.abs(r)), halvings < 60 {
                logStep /= 2
                next = t * Double.exp(logStep)
                nextResidual = try residual(next)
                halvings += 1
            }
            if !(Swift.abs(nextResidual) < Swift.abs(r)) || next == t { break }
            (t, r) = (next, nextResidual)
            if Swift.abs(logStep) <= 4 * Double.ulpOfOne { break }
        }
        return p < 0.5 ? -t : t
    }

    /// Candidate starts for `studentTQuantile` at upper-tail probability q.
    private static func studentTQuantileStarts(_ tail: Double, _ logTail: Double, _ nu: Double) throws(SpecialFunctionError) -> [Double] {
        _ = GSLRuntime.abortDisabled
        let z = -(try normalQuantile(tail))
        let z2 = z * z
        let cornishFisher = z + z * (z2 + 1) / (4 * nu) + z * ((5 * z2 + 16) * z2 + 3) / (96 * nu * nu)
        let leadingTerm = Double.exp(((0.5 * nu - 1) * Double.log(nu) - (try logBeta(0.5 * nu, 0.5)) - logTail) / nu)
        return [-gsl_cdf_tdist_Pinv(tail, nu), cornishFisher, leadingTerm]
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
