import Foundation

extension PosteriorReference {
    /// y ~ N(Xβ, σ) with a flat prior on β and the prior p(σ) given by its
    /// log density: β | σ, y ~ N(β̂, σ²(XᵀX)⁻¹), so p(σ | y) ∝
    /// p(σ) σ^−(n−p) exp(−RSS / 2σ²) (the Gaussian integral over β gives
    /// σᵖ against the likelihood's σ⁻ⁿ), integrated over σ by
    /// ``PositiveScalarPosterior``. E β = β̂ and Var βⱼ = E[σ²] (XᵀX)⁻¹ⱼⱼ
    /// come out of the law of total variance over σ.
    static func linearRegression(
        posterior: String, fit: LeastSquaresFit, logPriorOfSigma: @escaping (Double) -> Double
    ) throws -> PosteriorReference {
        let sigma = try PositiveScalarPosterior(name: "sigma") { s in logPriorOfSigma(s) + fit.logMarginalLikelihood(sigma: s) }
        let parameters = stanNames("beta", count: fit.coefficients.count) + ["sigma"]
        let moments = try sigma.moments(of: parameters) { s in
            let coefficientVariances = fit.inverseGram.indices.map { s * s * fit.inverseGram[$0][$0] }
            return (fit.coefficients + [s], coefficientVariances + [0])
        }
        return PosteriorReference(
            posterior: posterior, parameters: parameters, means: moments.means, sds: moments.sds, numericalError: moments.error)
    }
}

/// log of the half-Cauchy density 2 / (π γ (1 + (s/γ)²)) on s > 0.
func logHalfCauchy(_ s: Double, scale γ: Double) -> Double {
    log(2 / (Double.pi * γ)) - log1p((s / γ) * (s / γ))
}

/// log of the half-normal density √(2/π) / ς · exp(−s² / 2ς²) on s > 0.
func logHalfNormal(_ s: Double, scale ς: Double) -> Double {
    0.5 * log(2 / Double.pi) - log(ς) - s * s / (2 * ς * ς)
}
