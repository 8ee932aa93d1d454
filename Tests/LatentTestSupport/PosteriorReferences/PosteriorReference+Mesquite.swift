import Foundation

extension PosteriorReference {
    /// How a reference with a closed form is computed: by it, or by the
    /// same quadrature as the references without one (to check the two
    /// against each other).
    public enum Computation: Sendable {
        case closedForm
        case quadrature
    }

    /// The rounding error of mesquite's closed form in posterior sds:
    /// κ(XᵀX) ≈ 170 costs β̂ two digits, and E σ² − (E σ)² (sd/mean ≈ 0.12)
    /// about two more, leaving well under 10⁻¹².
    static let mesquiteRoundingError = 1e-12

    /// mesquite-logmesquite: log weight ~ N(Xβ, σ) on the columns 1,
    /// log diam1, log diam2, log canopy_height, log total_height,
    /// log density, group; β flat and σ flat on (0, ∞) (Stan's default).
    ///
    /// With k = n − p, p(σ | y) ∝ σ^−k exp(−RSS / 2σ²), so σ² is scaled
    /// inverse-χ² with k − 1 degrees of freedom, and with t = RSS / 2σ²,
    /// E σᵐ = (RSS/2)^(m/2) Γ((k − m − 1)/2) / Γ((k − 1)/2); in particular
    /// E σ² = RSS / (k − 3) (not RSS / (k − 2): that is for flat log σ).
    public static func mesquite(_ data: PosteriorData, by computation: Computation = .closedForm) throws -> PosteriorReference {
        let count = try data.vector("weight").count
        let keys = ["weight", "diam1", "diam2", "canopy_height", "total_height", "density", "group"]
        let columns = try data.columns(keys, count: count)
        let rows = (0..<count).map { i in [1] + (1..<6).map { log(columns[$0][i]) } + [columns[6][i]] }
        let fit = try LeastSquaresFit(design: rows, response: columns[0].map { log($0) })
        let posterior = "mesquite-logmesquite"
        switch computation {
        case .quadrature:
            return try linearRegression(posterior: posterior, fit: fit) { _ in 0 }
        case .closedForm:
            let k = Double(fit.degreesOfFreedom), halfRSS = fit.residualSumOfSquares / 2
            let moment = { (m: Double) in pow(halfRSS, m / 2) * exp(lgamma((k - m - 1) / 2) - lgamma((k - 1) / 2)) }
            let meanSigma = moment(1), meanSquare = moment(2)
            let coefficientSDs = fit.inverseGram.indices.map { (meanSquare * fit.inverseGram[$0][$0]).squareRoot() }
            return PosteriorReference(
                posterior: posterior, parameters: stanNames("beta", count: 7) + ["sigma"],
                means: fit.coefficients + [meanSigma],
                sds: coefficientSDs + [(meanSquare - meanSigma * meanSigma).squareRoot()],
                numericalError: Self.mesquiteRoundingError)
        }
    }
}
