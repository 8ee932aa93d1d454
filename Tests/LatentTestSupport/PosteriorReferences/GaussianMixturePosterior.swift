import Foundation

/// The posterior of low_dim_gauss_mix on Stan's unconstrained space:
/// z = (μ₁, log(μ₂ − μ₁), log σ₁, log σ₂, logit θ), for the model
/// μ ordered ~ N(0, 2) each, σₖ ~ HalfNormal(2), θ ~ Beta(5, 5),
/// yₙ ~ θ N(μ₁, σ₁) + (1 − θ) N(μ₂, σ₂).
struct GaussianMixturePosterior {
    let y: [Double]

    /// log p(z | y) up to a constant: the log prior and log likelihood at
    /// the constrained values plus log |∂(μ, σ, θ)/∂z| =
    /// log(μ₂ − μ₁) + log σ₁ + log σ₂ + log θ + log(1 − θ).
    func logDensity(_ z: [Double]) -> Double {
        let (mu1, mu2, sigma1, sigma2) = (z[0], z[0] + exp(z[1]), exp(z[2]), exp(z[3]))
        let logTheta = -log1p(exp(-z[4])), logOneMinusTheta = -log1p(exp(z[4]))
        let logPrior = -(mu1 * mu1 + mu2 * mu2 + sigma1 * sigma1 + sigma2 * sigma2) / 8
            + 4 * logTheta + 4 * logOneMinusTheta
        let logJacobian = z[1] + z[2] + z[3] + logTheta + logOneMinusTheta
        return logPrior + logJacobian + logLikelihood(mu1, mu2, sigma1, sigma2, logTheta, logOneMinusTheta)
    }

    /// Σₙ log(θ N(yₙ; μ₁, σ₁) + (1 − θ) N(yₙ; μ₂, σ₂)) without the −½ log 2π
    /// of each term, as max + log1p(exp(−|a − b|)) so that neither
    /// component's log density underflows.
    private func logLikelihood(
        _ mu1: Double, _ mu2: Double, _ sigma1: Double, _ sigma2: Double, _ logTheta: Double, _ logOneMinusTheta: Double
    ) -> Double {
        let (offset1, offset2) = (logTheta - log(sigma1), logOneMinusTheta - log(sigma2))
        let (precision1, precision2) = (1 / (2 * sigma1 * sigma1), 1 / (2 * sigma2 * sigma2))
        return y.withUnsafeBufferPointer { values in
            var sum = 0.0
            for value in values {
                let a = offset1 - (value - mu1) * (value - mu1) * precision1
                let b = offset2 - (value - mu2) * (value - mu2) * precision2
                sum += max(a, b) + log1p(exp(-abs(a - b)))
            }
            return sum
        }
    }

    /// (μ₁, μ₂, σ₁, σ₂, θ) at z.
    func constrained(_ z: [Double]) -> [Double] {
        [z[0], z[0] + exp(z[1]), exp(z[2]), exp(z[3]), 1 / (1 + exp(-z[4]))]
    }
}
