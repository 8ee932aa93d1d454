import Foundation

extension PosteriorReference {
    /// eight_schools-eight_schools_noncentered: θ_trans ~ N(0, 1) (J = 8),
    /// μ ~ N(0, 5), τ ~ HalfCauchy(0, 5), θ = μ + τ·θ_trans,
    /// yⱼ ~ N(θⱼ, σⱼ); the reference covers θ_trans, μ, τ and θ.
    ///
    /// θ = μ + τ·θ_trans has Jacobian τᴶ, so the posterior of (θ, μ, τ) is
    /// the centred one, and given τ everything is Gaussian. With
    /// vⱼ = σⱼ² + τ²: yⱼ | μ, τ ~ N(μ, vⱼ), so μ | τ, y ~ N(μ̂, V) with
    /// V⁻¹ = 1/5² + Σ 1/vⱼ and μ̂ = V Σ yⱼ/vⱼ, and
    /// log p(y | τ) = −½ Σ log vⱼ + ½ log V − ½ (Σ (yⱼ − μ̂)²/vⱼ + μ̂²/5²)
    /// up to a constant. Given μ and τ, θⱼ ~ N((1 − Bⱼ)yⱼ + Bⱼμ, (1 − Bⱼ)σⱼ²)
    /// with Bⱼ = σⱼ²/vⱼ; so, given τ alone,
    /// E θⱼ = (1 − Bⱼ)yⱼ + Bⱼμ̂,      Var θⱼ = (1 − Bⱼ)σⱼ² + Bⱼ²V,
    /// and θ_transⱼ = (θⱼ − μ)/τ, linear in (θ, μ),
    /// E θ_transⱼ = τ(yⱼ − μ̂)/vⱼ,   Var θ_transⱼ = σⱼ²/vⱼ + τ²V/vⱼ²
    /// (finite as τ → 0, where it is the prior's N(0, 1)). The moments then
    /// come from the quadrature over τ (``PositiveScalarPosterior``).
    public static func eightSchools(_ data: PosteriorData) throws -> PosteriorReference {
        let y = try data.vector("y")
        let sigma = try data.columns(["sigma"], count: y.count)[0]
        let priorVarianceOfMu = 5.0 * 5.0
        let given = { (tau: Double) -> (v: [Double], muMean: Double, muVariance: Double) in
            let v = sigma.map { $0 * $0 + tau * tau }
            let muVariance = 1 / (1 / priorVarianceOfMu + v.reduce(0) { $0 + 1 / $1 })
            return (v, muVariance * zip(y, v).reduce(0) { $0 + $1.0 / $1.1 }, muVariance)
        }
        let tau = try PositiveScalarPosterior(name: "tau") { t in
            let (v, muMean, muVariance) = given(t)
            let misfit = zip(y, v).reduce(0) { $0 + ($1.0 - muMean) * ($1.0 - muMean) / $1.1 }
            let logDeterminant = v.reduce(0) { $0 + log($1) } - log(muVariance)
            return logHalfCauchy(t, scale: 5) - logDeterminant / 2 - (misfit + muMean * muMean / priorVarianceOfMu) / 2
        }
        let parameters = stanNames("theta_trans", count: y.count) + ["mu", "tau"] + stanNames("theta", count: y.count)
        let moments = try tau.moments(of: parameters) { t in
            let (v, muMean, muVariance) = given(t)
            let shrinkage = zip(sigma, v).map { $0 * $0 / $1 }
            let transMeans = y.indices.map { t * (y[$0] - muMean) / v[$0] }
            let transVariances = y.indices.map { sigma[$0] * sigma[$0] / v[$0] + t * t * muVariance / (v[$0] * v[$0]) }
            let thetaMeans = y.indices.map { (1 - shrinkage[$0]) * y[$0] + shrinkage[$0] * muMean }
            let thetaVariances = y.indices.map {
                (1 - shrinkage[$0]) * sigma[$0] * sigma[$0] + shrinkage[$0] * shrinkage[$0] * muVariance
            }
            return (transMeans + [muMean, t] + thetaMeans, transVariances + [muVariance, 0] + thetaVariances)
        }
        return PosteriorReference(
            posterior: "eight_schools-eight_schools_noncentered", parameters: parameters,
            means: moments.means, sds: moments.sds, numericalError: moments.error)
    }
}
