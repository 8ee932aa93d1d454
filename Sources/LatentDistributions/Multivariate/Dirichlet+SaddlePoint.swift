import LatentCore

/// The Dirichlet log-density and entropy at large concentrations, written
/// with Loader's saddle-point terms (as ``SpecialFunctions/logBetaPowerTerms(_:_:x:y:)``
/// is for the Beta): log Γ(α₀) − Σ log Γ(αₖ) + Σ αₖ log xₖ cancels terms of
/// 10⁹ at α = 10⁸, which cost 10⁻⁷ of a log-density near 19.
extension Dirichlet {
    /// Every concentration of a row at least this large takes the saddle-point form.
    static var saddlePointConcentration: Double { 10 }

    /// log p(x) for one row, every αₖ ≥ ``saddlePointConcentration`` and xₖ > 0:
    /// with Stirling's log Γ(a) = (a − ½) log a − a + ½ log 2π + δ(a) and
    /// Σ αₖ log(α₀xₖ/αₖ) = −Σ (bd0(αₖ, α₀xₖ) + (αₖ − α₀xₖ)),
    /// log p = δ(α₀) − Σ δ(αₖ) − Σ (bd0(αₖ, α₀xₖ) + αₖ − α₀xₖ) − Σ log xₖ
    ///         + ½(Σ log αₖ − log α₀) − ½(K − 1) log 2π.
    /// Every term is of order 1 (bd0 ≈ (αₖ − α₀xₖ)²/(2αₖ)); αₖ − α₀xₖ is
    /// formed with one rounding, so that x off the simplex by an ulp is
    /// charged its α₀(1 − Σxₖ) exactly as the defining formula would.
    static func saddlePointLogDensity(alpha: ArraySlice<Double>, x: ArraySlice<Double>) -> Double {
        let a0 = alpha.reduce(0, +)
        var value = SpecialFunctions.logGammaCorrection(a0) - 0.5 * Double.log(a0)
            - 0.5 * Double(alpha.count - 1) * Double.log(2 * Double.pi)
        for (a, xk) in zip(alpha, x) {
            let excess = a.addingProduct(-a0, xk)
            value += -SpecialFunctions.logGammaCorrection(a)
                - SpecialFunctions.binomialDeviance(a, a0 * xk, excess: excess) - excess
                - Double.log(xk) + 0.5 * Double.log(a)
        }
        return value
    }

    /// H for one row, every αₖ ≥ ``saddlePointConcentration``: with
    /// ψ(a) = log a − 1/(2a) + δ′(a), the terms αₖ log(αₖ/α₀) of log B(α)
    /// and of Σ(αₖ − 1)(ψ(α₀) − ψ(αₖ)) cancel exactly, leaving
    /// H = Σ δ(αₖ) − δ(α₀) + ½(K − 1) log 2π + ½ log α₀ + Σ (½ log αₖ − log α₀)
    ///     + Σ (αₖ − 1)(rₖ/(2αₖα₀) + δ′(α₀) − δ′(αₖ)),
    /// rₖ = Σ_{j≠k} αⱼ summed directly; every term is of order 1.
    static func saddlePointEntropy(alpha: ArraySlice<Double>) -> Double {
        let a0 = alpha.reduce(0, +)
        let logA0 = Double.log(a0)
        let slopeOfTotal = SpecialFunctions.logGammaCorrectionDerivative(a0)
        var value = -SpecialFunctions.logGammaCorrection(a0) + 0.5 * Double(alpha.count - 1) * Double.log(2 * Double.pi)
            + 0.5 * logA0
        for (k, a) in zip(alpha.indices, alpha) {
            let rest = alpha.indices.reduce(0.0) { $1 == k ? $0 : $0 + alpha[$1] }
            value += SpecialFunctions.logGammaCorrection(a) + 0.5 * Double.log(a) - logA0
                + (a - 1) * (rest / (2 * a * a0) + slopeOfTotal - SpecialFunctions.logGammaCorrectionDerivative(a))
        }
        return value
    }

    /// `traced`, a function of the concentrations of shape `batchShape`, with
    /// its value replaced row by row by `exact(row)` where the row's
    /// concentrations are all ≥ ``saddlePointConcentration`` and `exact`
    /// gives a value: the difference is added as a constant, so the
    /// gradient is still the traced one (the same function, so the same
    /// derivatives).
    static func replacingLargeConcentrationRows(
        of traced: Tensor<Scalar>, alpha: [Double], eventSize k: Int, exact: (Int, ArraySlice<Double>) -> Double?
    ) throws -> Tensor<Scalar> {
        let values = traced.scalars
        var corrections = [Scalar](repeating: 0, count: values.count)
        var anyCorrected = false
        for row in 0..<values.count {
            let slice = alpha[row * k..<(row + 1) * k]
            guard slice.allSatisfy({ $0 >= saddlePointConcentration }), values[row].isFinite,
                  let value = exact(row, slice) else { continue }
            corrections[row] = Scalar(value - Double(values[row]))
            anyCorrected = true
        }
        guard anyCorrected else { return traced }
        return try traced + Tensor(shape: traced.shape, scalars: corrections)
    }
}
