import RealModule

/// The incomplete beta function at large shapes (a + b ≥ 10⁵), where GSL's
/// continued fraction runs out of its 512 iterations near the mode and its
/// prefactor xᵃ(1 − x)ᵇ/B(a, b), formed from log B(a, b) ≈ −10⁶, loses
/// 1e-9 of its value.
extension SpecialFunctions {
    /// Total shapes a + b from which I_x(a, b) is summed here rather than by GSL.
    static let largeBetaShapes = 1e5

    /// log(xᵃ yᵇ/B(a, b)) for 0 < x < 1 and y = 1 − x, both passed in: the
    /// smaller is taken as exact and the log of the larger as log1p of minus
    /// the smaller, so that b log y keeps its digits at b = 10⁶.
    ///
    /// For a, b ≥ 10 it is written with Loader's saddle-point terms: with
    /// r = a + b, xᵃyᵇ/B(a, b) = (ab/r)·C(r, a)xᵃyᵇ and
    /// log C(r, a)xᵃyᵇ = δ(r) − δ(a) − δ(b) − bd0(a, rx) − bd0(b, ry) + ½ log(r/(2πab))
    /// (``logBinomialMass(successes:failures:logP:logQ:p:q:)``), which has no
    /// terms of size a log x to cancel: exact at the mode x = a/r. Otherwise
    /// a log x + b log y − log B(a, b) directly.
    public static func logBetaPowerTerms(_ a: Double, _ b: Double, x: Double, y: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, b > 0, x > 0, y > 0 else { throw .domain(function: "logBetaPowerTerms", arguments: [a, b, x, y]) }
        let (logX, logY) = logsOfComplements(x, y)
        if Swift.min(a, b) >= 10 {
            return logBinomialMass(successes: a, failures: b, logP: logX, logQ: logY)
                + Double.log(a) + Double.log(b) - Double.log(a + b)
        }
        return a * logX + b * logY - (try logBeta(a, b))
    }

    /// The Beta(a, b) log-density log(x^(a−1) y^(b−1)/B(a, b)) at 0 < x < 1,
    /// y = 1 − x, from ``logBetaPowerTerms(_:_:x:y:)``.
    public static func logBetaDensity(_ a: Double, _ b: Double, x: Double, y: Double) throws(SpecialFunctionError) -> Double {
        let (logX, logY) = logsOfComplements(x, y)
        return try logBetaPowerTerms(a, b, x: x, y: y) - logX - logY
    }

    /// (log x, log y) for x + y = 1, the larger one's as log1p(−smaller).
    private static func logsOfComplements(_ x: Double, _ y: Double) -> (Double, Double) {
        x <= y ? (Double.log(x), Double.log(onePlus: -x)) : (Double.log(onePlus: -y), Double.log(y))
    }

    /// I_x(a, b) for a + b ≥ ``largeBetaShapes``: the continued fraction
    /// I_x = xᵃyᵇ/(a B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …))) (DLMF 8.17.22),
    /// d₂ₘ₊₁ = −(a + m)(a + b + m)x/((a + 2m)(a + 2m + 1)),
    /// d₂ₘ = m(b − m)x/((a + 2m − 1)(a + 2m)), by the modified Lentz method,
    /// for x below (a + 1)/(a + b + 2); above, 1 − I_y(b, a). Near the switch
    /// it takes O(√max(a, b)) terms.
    static func largeShapeRegularizedBeta(_ a: Double, _ b: Double, _ x: Double) throws(SpecialFunctionError) -> Double {
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        let y = 1 - x
        if x < (a + 1) / (a + b + 2) {
            return Double.exp(try logBetaPowerTerms(a, b, x: x, y: y)) / a * (try betaContinuedFraction(a, b, x))
        }
        return 1 - Double.exp(try logBetaPowerTerms(b, a, x: y, y: x)) / b * (try betaContinuedFraction(b, a, y))
    }

    /// The continued fraction of ``largeShapeRegularizedBeta(_:_:_:)``, to a
    /// relative change per term within three roundings (7e-16).
    /// - Throws: `.evaluationFailed` after 10⁶ terms (shapes beyond about 10¹¹).
    private static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double) throws(SpecialFunctionError) -> Double {
        let tiny = 1e-300
        func guarded(_ v: Double) -> Double { Swift.abs(v) < tiny ? tiny : v }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var fraction = d
        for step in 1...1_000_000 {
            let m = Double(step)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            fraction *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let change = d * c
            fraction *= change
            if Swift.abs(change - 1) <= 3 * Double.ulpOfOne { return fraction }
        }
        throw .evaluationFailed(function: "regularizedBeta", arguments: [a, b, x], reason: "continued fraction did not converge")
    }
}
