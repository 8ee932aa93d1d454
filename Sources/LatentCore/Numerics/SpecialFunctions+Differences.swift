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
        return Double.log(onePlus: h / x) + 0.5 * h / (x * y) - (digammaTail(y) - digammaTail(x))
    }

    /// Σ B₂ₖ/(2k x²ᵏ) to x⁻¹⁰, the part of the asymptotic series
    /// ψ(x) = log x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) after its first two terms, for x ≥ 10.
    private static func digammaTail(_ x: Double) -> Double {
        let u = 1 / (x * x)
        return u * (1.0 / 12 - u * (1.0 / 120 - u * (1.0 / 252 - u * (1.0 / 240 - u * (1.0 / 132)))))
    }

    /// log B(a, b) for a, b ≥ 10 by Stirling's formula with its corrections δ
    /// (``logGammaCorrection(_:)``), r = a + b:
    /// (a − ½) log(a/r) + (b − ½) log(b/r) − ½ log r + ½ log 2π + δ(a) + δ(b) − δ(r).
    /// The terms r − a − b that cancel in log Γ(a) + log Γ(b) − log Γ(r) are
    /// taken out before rounding, so the result keeps its relative precision.
    static func logBetaOfLargeShapes(_ a: Double, _ b: Double) -> Double {
        let r = a + b
        return -(a - 0.5) * Double.log(onePlus: b / a) - (b - 0.5) * Double.log(onePlus: a / b) - 0.5 * Double.log(r)
            + halfLogTwoPi + (logGammaCorrection(a) + logGammaCorrection(b) - logGammaCorrection(r))
    }

    /// The entropy of Beta(a, b),
    /// H = log B(a, b) − (a − 1)(ψ(a) − ψ(r)) − (b − 1)(ψ(b) − ψ(r)), r = a + b,
    /// with the digamma differences taken without cancellation
    /// (``digammaDifference(_:_:)``). For a, b ≥ 10 the terms of size
    /// a log(a/r) in log B and in the differences cancel exactly, leaving
    /// H = ½ log(2πab/r³) + δ(a) + δ(b) − δ(r)
    ///   + (a − 1)(1/(2a) − 1/(2r) + S(a) − S(r)) + (b − 1)(1/(2b) − 1/(2r) + S(b) − S(r)),
    /// S the digamma series tail (`digammaTail(_:)`): every term is of order 1
    /// where H ≈ −6.5 is the difference of terms of 10⁶ at a = b = 10⁶.
    public static func betaEntropy(_ a: Double, _ b: Double) throws(SpecialFunctionError) -> Double {
        guard a > 0, b > 0, a.isFinite, b.isFinite else { throw .domain(function: "betaEntropy", arguments: [a, b]) }
        let r = a + b
        guard Swift.min(a, b) >= 10 else {
            return try logBeta(a, b) + (a - 1) * digammaDifference(a, b) + (b - 1) * digammaDifference(b, a)
        }
        let inA = (a - 1) * (0.5 / a - 0.5 / r + (digammaTail(a) - digammaTail(r)))
        let inB = (b - 1) * (0.5 / b - 0.5 / r + (digammaTail(b) - digammaTail(r)))
        return 0.5 * Double.log(2 * Double.pi * (a / r) * (b / r) / r)
            + (logGammaCorrection(a) + logGammaCorrection(b) - logGammaCorrection(r)) + inA + inB
    }
}
