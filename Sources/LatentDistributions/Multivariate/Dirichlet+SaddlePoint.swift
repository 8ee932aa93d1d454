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

    /// KL(Dir(α)‖Dir(β)) for one row, every αₖ, βₖ ≥ ``saddlePointConcentration``:
    /// in log B(β) − log B(α) + Σ(αₖ − βₖ)(ψ(αₖ) − ψ(α₀)) the terms of size
    /// α log α combine into Σ βₖ log(βₖ/mₖ) = Σ bd0(βₖ, mₖ), mₖ = β₀αₖ/α₀
    /// (Σ(βₖ − mₖ) = 0), leaving
    /// KL = Σ bd0(βₖ, mₖ) + Σ (δ(βₖ) − δ(αₖ)) − δ(β₀) + δ(α₀) + ½ Σ log(αₖ/βₖ) + ½ log(β₀/α₀)
    ///      + Σ (αₖ − βₖ)(δ′(αₖ) − δ′(α₀) − rₖ/(2αₖα₀)),
    /// rₖ = Σ_{j≠k} αⱼ. βₖ − mₖ = (βₖα₀ − β₀αₖ)/α₀ is formed from the two
    /// products with their rounding errors (Kahan's fused difference), so
    /// that a KL of 3e-9 between concentrations of 10⁸ keeps its digits;
    /// log(αₖ/βₖ) is taken as log1p((αₖ − βₖ)/βₖ), whose difference is exact
    /// for close concentrations, where the rounded ratio would cost 1e-16.
    static func saddlePointKL(alpha: ArraySlice<Double>, beta: ArraySlice<Double>) -> Double {
        let a0 = alpha.reduce(0, +), b0 = beta.reduce(0, +)
        let slopeOfTotal = SpecialFunctions.logGammaCorrectionDerivative(a0)
        var value = SpecialFunctions.logGammaCorrection(a0) - SpecialFunctions.logGammaCorrection(b0) + 0.5 * Double.log(onePlus: (b0 - a0) / a0)
        for (k, (a, b)) in zip(alpha.indices, zip(alpha, beta)) {
            let rest = alpha.indices.reduce(0.0) { $1 == k ? $0 : $0 + alpha[$1] }
            let excess = differenceOfProducts(b, a0, b0, a) / a0
            value += SpecialFunctions.binomialDeviance(b, b0 * a / a0, excess: excess)
                + SpecialFunctions.logGammaCorrection(b) - SpecialFunctions.logGammaCorrection(a) + 0.5 * Double.log(onePlus: (a - b) / b)
                + (a - b) * (SpecialFunctions.logGammaCorrectionDerivative(a) - slopeOfTotal - rest / (2 * a * a0))
        }
        return value
    }

    /// ab − cd to about an ulp (Kahan): the rounding error of cd is
    /// recovered by a fused multiply-add and added back.
    private static func differenceOfProducts(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
        let cd = c * d
        let roundingOfCD = cd.addingProduct(-c, d)
        return (-cd).addingProduct(a, b) + roundingOfCD
    }

    /// `traced`, a function of the concentrations of shape `batchShape`, with
    /// its value replaced row by row by `exact(row)` where the row's
    /// concentrations are all ≥ ``saddlePointConcentration``, its traced
    /// value is finite and `exact` gives a value. A replaced row is
    /// (traced − detached traced) + exact: exactly the exact value (the
    /// difference is 0, so no rounding at the traced value's scale, which
    /// would swamp a KL of 1e-15), with the traced gradient (the same
    /// function, so the same derivatives).
    static func replacingLargeConcentrationRows(
        of traced: Tensor<Scalar>, alpha: [Double], eventSize k: Int, exact: (Int, ArraySlice<Double>) -> Double?
    ) throws -> Tensor<Scalar> {
        let large = (0..<traced.count).filter { row in
            alpha[row * k..<(row + 1) * k].allSatisfy { $0 >= saddlePointConcentration }
        }
        // Without such rows the value is not read, so a compiled step can replay it.
        guard !large.isEmpty else { return traced }
        let values = traced.scalars
        var replacements = [Scalar](repeating: 0, count: values.count)
        var replaced = [Scalar](repeating: 0, count: values.count)
        for row in large {
            guard values[row].isFinite, let value = exact(row, alpha[row * k..<(row + 1) * k]) else { continue }
            replacements[row] = Scalar(value)
            replaced[row] = 1
        }
        guard replaced.contains(1) else { return traced }
        let shape = traced.shape
        return try select(
            where: Tensor(shape: shape, scalars: replaced),
            traced - traced.detached + Tensor(shape: shape, scalars: replacements), traced)
    }
}
