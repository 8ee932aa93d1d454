internal import CGSL

/// Modified Bessel functions of the first kind, as the von Mises
/// distribution needs them.
extension SpecialFunctions {
    /// log I₀(x) for x ≥ 0, from GSL's exponentially scaled e^(−x)I₀(x), so
    /// that large x does not overflow.
    public static func logBesselI0(_ x: Double) throws(SpecialFunctionError) -> Double {
        guard x >= 0 else { throw .domain(function: "logBesselI0", arguments: [x]) }
        if x == .infinity { return .infinity }
        return Double.log(try GSLRuntime.evaluate("logBesselI0", [x]) { gsl_sf_bessel_I0_scaled_e(x, $0) }) + x
    }

    /// I₁(x)/I₀(x) for x ≥ 0: the derivative of log I₀, and the mean
    /// resultant length of a von Mises distribution. The scaled functions'
    /// common factor cancels.
    public static func besselI1OverI0(_ x: Double) throws(SpecialFunctionError) -> Double {
        guard x >= 0 else { throw .domain(function: "besselI1OverI0", arguments: [x]) }
        if x == .infinity { return 1 }
        let i1 = try GSLRuntime.evaluate("besselI1OverI0", [x]) { gsl_sf_bessel_I1_scaled_e(x, $0) }
        let i0 = try GSLRuntime.evaluate("besselI1OverI0", [x]) { gsl_sf_bessel_I0_scaled_e(x, $0) }
        return i1 / i0
    }
}
