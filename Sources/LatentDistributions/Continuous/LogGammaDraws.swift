import LatentCore

/// Gamma(αᵢ, 1) draws in log space, for the families that normalise gammas
/// (Beta, Dirichlet): Gᵢ itself underflows for small α (a quarter of all
/// draws at α = 10⁻³), and a ratio of two underflowed gammas is 0/0, while
/// log Gᵢ stays exact. With `reparameterized`, the slopes d(log Gᵢ)/dαᵢ of
/// the implicit reparameterisation go with them.
struct LogGammaDraws {
    /// log Gᵢ, one per concentration given.
    let values: [Double]
    /// d(log Gᵢ)/dαᵢ (0 where log Gᵢ = −∞), or empty.
    let slopes: [Double]

    init(_ concentrations: [Double], reparameterized: Bool, using generator: inout some RandomNumberGenerator) throws {
        values = concentrations.map { Double.randomLogGamma(shape: $0, using: &generator) }
        slopes = reparameterized
            ? try zip(concentrations, values).map { try SpecialFunctions.gammaDrawLogShapeDerivative($0, logDraw: $1) }
            : []
    }

    /// Whether every one of `count` draws from `start` is log G = −∞: only
    /// for concentrations below about 10⁻³⁰⁶, where G/ΣG can no longer be
    /// formed in logs either.
    func allVanish(from start: Int, count: Int) -> Bool {
        values[start..<start + count].allSatisfy { $0 == -.infinity }
    }

    /// The index (from 0 to `weights.count` − 1) of the vertex of the
    /// simplex that G/ΣG takes when every Gᵢ vanishes: vertex i with
    /// probability αᵢ/Σα, the limit of the Dirichlet distribution as its
    /// concentrations all shrink in proportion to α.
    static func vertex(weights: ArraySlice<Double>, using generator: inout some RandomNumberGenerator) -> Int {
        let total = weights.reduce(0, +)
        var remaining = Double.randomUniform(using: &generator) * total
        for (offset, weight) in weights.enumerated() {
            remaining -= weight
            if remaining < 0 { return offset }
        }
        return weights.count - 1
    }
}
