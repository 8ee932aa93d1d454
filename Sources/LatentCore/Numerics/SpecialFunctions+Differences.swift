/// Differences of log Γ and ψ at nearby arguments, without the cancellation
/// of subtracting two large values: what the Student t density and entropy
/// need at ν of 10¹⁵ and beyond, where log Γ(ν/2) ≈ 10¹⁶.
extension SpecialFunctions {
    /// log Γ(x + h) − log Γ(x) for x > 0, x + h > 0, by Stirling's formula
    /// with its correction δ (``logGammaCorrection(_:)``):
    /// (x − ½) log1p(h/x) + h log(x + h) − h + δ(x + h) − δ(x).
    public static func logGammaDifference(_ x: Double, _ h: Double) -> Double {
        if h == 0 { return 0 }
        if x == .infinity { return .infinity }
        guard x >= 10, x + h >= 10 else { return logGamma(x + h) - logGamma(x) }
        return (x - 0.5) * Double.log(onePlus: h / x) + h * Double.log(x + h) - h
            + (logGammaCorrection(x + h) - logGammaCorrection(x))
    }

    /// ψ(x + h) − ψ(x) for x > 0, x + h > 0. For x, x + h ≥ 10 from the
    /// asymptotic series ψ(x) = log x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ), differenced
    /// term by term (to x⁻¹⁰: the first term left out is below 3e-13 of the
    /// result); otherwise ψ(x + h) − ψ(x) directly.
    public static func digammaDifference(_ x: Double, _ h: Double) -> Double {
        if h == 0 { return 0 }
        guard x >= 10, x + h >= 10, x.isFinite else { return digamma(x + h) - digamma(x) }
        let y = x + h
        func tail(_ t: Double) -> Double {
            let u = 1 / (t * t)
            return u * (1.0 / 12 - u * (1.0 / 120 - u * (1.0 / 252 - u * (1.0 / 240 - u * (1.0 / 132)))))
        }
        return Double.log(onePlus: h / x) + 0.5 * h / (x * y) - (tail(y) - tail(x))
    }
}
