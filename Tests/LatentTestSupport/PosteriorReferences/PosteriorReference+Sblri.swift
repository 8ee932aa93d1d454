import Foundation

extension PosteriorReference {
    /// sblri-blr: y ~ N(Xβ, σ) with β ~ N(0, 10² I) (D = 5, no intercept)
    /// and σ ~ HalfNormal(10).
    ///
    /// Given σ the prior is conjugate: β | σ, y ~ N(m, A⁻¹) with precision
    /// A = XᵀX/σ² + I/10² and m = A⁻¹Xᵀy/σ², and, up to a constant,
    /// log p(y | σ) = −n log σ − ½ log det A − ½ (|y − Xm|²/σ² + |m|²/10²)
    /// (the determinant of σ²I + 10²XXᵀ through Sylvester's identity, and
    /// the quadratic form as the minimum of the completed square, which
    /// avoids subtracting two numbers of order |y|²/σ² ≈ 10⁶). The moments
    /// of σ and β then come from the quadrature over σ
    /// (``PositiveScalarPosterior``).
    public static func sblri(_ data: PosteriorData) throws -> PosteriorReference {
        let rows = try data.matrix("X")
        let y = try data.columns(["y"], count: rows.count)[0]
        let priorVariance = 10.0 * 10.0
        let gramMatrix = gram(rows), projection = transposedProduct(rows, y)
        let dimension = projection.count
        let conditional = { (s: Double) throws -> (factor: CholeskyFactor, mean: [Double]) in
            let precision = (0..<dimension).map { i in
                (0..<dimension).map { j in gramMatrix[i][j] / (s * s) + (i == j ? 1 / priorVariance : 0) }
            }
            let factor = try CholeskyFactor(precision, name: "the precision of β | σ = \(s)")
            return (factor, factor.solve(projection.map { $0 / (s * s) }))
        }
        let sigma = try PositiveScalarPosterior(name: "sigma") { s in
            let (factor, mean) = try conditional(s)
            let misfit = zip(rows, y).reduce(0) { sum, row in
                let residual = row.1 - dot(row.0, mean)
                return sum + residual * residual
            }
            let quadratic = misfit / (s * s) + dot(mean, mean) / priorVariance
            return logHalfNormal(s, scale: 10) - Double(rows.count) * log(s) - factor.logDeterminant / 2 - quadratic / 2
        }
        let parameters = stanNames("beta", count: dimension) + ["sigma"]
        let moments = try sigma.moments(of: parameters) { s in
            let (factor, mean) = try conditional(s)
            let covariance = factor.inverse
            return (mean + [s], covariance.indices.map { covariance[$0][$0] } + [0])
        }
        return PosteriorReference(
            posterior: "sblri-blr", parameters: parameters, means: moments.means, sds: moments.sds, numericalError: moments.error)
    }
}
