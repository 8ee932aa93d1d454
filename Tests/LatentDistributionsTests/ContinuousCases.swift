import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport

// Three or more settings per family, spanning narrow, wide and skewed
// shapes, each with GSL's density and CDF as the reference.

func lognormalCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(0.0, 1.0), (1.5, 0.3), (-2.0, 1.8)].map { mu, sigma in
        DistributionCase(
            "LogNormal(\(mu), \(sigma))", parameters: [mu, sigma], invalid: [[mu, 0], [mu, -2]],
            build: { try LogNormal(loc: $0[0], scale: $0[1]) },
            logDensity: { logOf(gsl_ran_lognormal_pdf($0, mu, sigma)) },
            cdf: { gsl_cdf_lognormal_P($0, mu, sigma) })
    }
}

func halfNormalCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [1.0, 0.1, 12.0].map { sigma in
        DistributionCase(
            "HalfNormal(\(sigma))", parameters: [sigma], invalid: [[0], [-1]],
            build: { try HalfNormal(scale: $0[0]) },
            logDensity: { $0 < 0 ? -.infinity : logOf(2 * gsl_ran_gaussian_pdf($0, sigma)) },
            cdf: { $0 < 0 ? 0 : 2 * gsl_cdf_gaussian_P($0, sigma) - 1 })
    }
}

func cauchyCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(0.0, 1.0), (5.0, 0.05), (-1.0, 30.0)].map { x0, gamma in
        DistributionCase(
            "Cauchy(\(x0), \(gamma))", parameters: [x0, gamma], invalid: [[x0, 0], [x0, -1]],
            build: { try Cauchy(loc: $0[0], scale: $0[1]) },
            logDensity: { logOf(gsl_ran_cauchy_pdf($0 - x0, gamma)) },
            cdf: { gsl_cdf_cauchy_P($0 - x0, gamma) })
    }
}

func halfCauchyCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [1.0, 5.0, 0.2].map { gamma in
        DistributionCase(
            "HalfCauchy(\(gamma))", parameters: [gamma], invalid: [[0], [-3]],
            build: { try HalfCauchy(scale: $0[0]) },
            logDensity: { $0 < 0 ? -.infinity : logOf(2 * gsl_ran_cauchy_pdf($0, gamma)) },
            cdf: { $0 < 0 ? 0 : 2 * gsl_cdf_cauchy_P($0, gamma) - 1 })
    }
}

func laplaceCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(0.0, 1.0), (3.0, 0.1), (-4.0, 6.0)].map { mu, b in
        DistributionCase(
            "Laplace(\(mu), \(b))", parameters: [mu, b], invalid: [[mu, 0], [mu, -1]],
            build: { try Laplace(loc: $0[0], scale: $0[1]) },
            logDensity: { logOf(gsl_ran_laplace_pdf($0 - mu, b)) },
            cdf: { gsl_cdf_laplace_P($0 - mu, b) })
    }
}

func logisticCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(0.0, 1.0), (2.0, 0.25), (-7.0, 4.0)].map { mu, s in
        DistributionCase(
            "Logistic(\(mu), \(s))", parameters: [mu, s], invalid: [[mu, 0], [mu, -1]],
            build: { try Logistic(loc: $0[0], scale: $0[1]) },
            logDensity: { logOf(gsl_ran_logistic_pdf($0 - mu, s)) },
            cdf: { gsl_cdf_logistic_P($0 - mu, s) })
    }
}

/// GSL's type-1 Gumbel has p(x) = ab·exp(−(b e^(−ax) + ax)): a = 1/β, b = e^(μ/β).
func gumbelCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(0.0, 1.0), (1.0, 0.3), (-5.0, 3.0)].map { mu, beta in
        DistributionCase(
            "Gumbel(\(mu), \(beta))", parameters: [mu, beta], invalid: [[mu, 0], [mu, -2]],
            build: { try Gumbel(loc: $0[0], scale: $0[1]) },
            logDensity: { logOf(gsl_ran_gumbel1_pdf($0, 1 / beta, Double.exp(mu / beta))) },
            cdf: { gsl_cdf_gumbel1_P($0, 1 / beta, Double.exp(mu / beta)) })
    }
}

func uniformCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(0.0, 1.0), (-3.0, 5.0), (10.0, 10.5)].map { low, high in
        DistributionCase(
            "Uniform(\(low), \(high))", parameters: [low, high], invalid: [[low, low], [high, low], [low, .infinity]],
            build: { try Uniform(low: $0[0], high: $0[1]) },
            logDensity: { logOf(gsl_ran_flat_pdf($0, low, high)) },
            cdf: { gsl_cdf_flat_P($0, low, high) })
    }
}

func exponentialCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [1.0, 0.05, 20.0].map { rate in
        DistributionCase(
            "Exponential(\(rate))", parameters: [rate], invalid: [[0], [-1]],
            build: { try Exponential(rate: $0[0]) },
            logDensity: { logOf(gsl_ran_exponential_pdf($0, 1 / rate)) },
            cdf: { gsl_cdf_exponential_P($0, 1 / rate) })
    }
}

func weibullCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(1.0, 1.0), (2.0, 5.0), (0.5, 0.7)].map { lambda, k in
        DistributionCase(
            "Weibull(\(lambda), \(k))", parameters: [lambda, k], invalid: [[0, k], [lambda, 0], [-1, k]],
            build: { try Weibull(scale: $0[0], concentration: $0[1]) },
            logDensity: { logOf(gsl_ran_weibull_pdf($0, lambda, k)) },
            cdf: { gsl_cdf_weibull_P($0, lambda, k) })
    }
}

func paretoCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(1.0, 3.0), (0.5, 6.5), (2.0, 1.5)].map { xm, alpha in
        DistributionCase(
            "Pareto(\(xm), \(alpha))", parameters: [xm, alpha], invalid: [[0, alpha], [xm, 0], [xm, -1]],
            build: { try Pareto(scale: $0[0], alpha: $0[1]) },
            logDensity: { logOf(gsl_ran_pareto_pdf($0, alpha, xm)) },
            cdf: { gsl_cdf_pareto_P($0, alpha, xm) })
    }
}

/// GSL parameterises the gamma density by shape and scale = 1/rate.
/// κ of Gamma(30, 10): log Γ(30) ≈ 71 and α log β ≈ 69 cancel to |log p| ≈ 1.
func gammaCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(1.0, 1.0, 1.0), (0.3, 2.0, 1.0), (5.0, 0.5, 1.0), (30.0, 10.0, 70.0)].map { alpha, beta, conditioning in
        DistributionCase(
            "Gamma(\(alpha), \(beta))", parameters: [alpha, beta], invalid: [[0, beta], [alpha, 0], [-1, beta]],
            conditioning: conditioning,
            build: { try Gamma(concentration: $0[0], rate: $0[1]) },
            logDensity: { logOf(gsl_ran_gamma_pdf($0, alpha, 1 / beta)) },
            cdf: { gsl_cdf_gamma_P($0, alpha, 1 / beta) })
    }
}

/// κ of χ²(50): (ν/2 − 1) log x ≈ 94 cancels to |log p| ≈ 3.5.
func chiSquaredCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(1.0, 1.0), (4.0, 1.0), (0.6, 1.0), (50.0, 27.0)].map { nu, conditioning in
        DistributionCase(
            "ChiSquared(\(nu))", parameters: [nu], invalid: [[0], [-2]], conditioning: conditioning,
            build: { try ChiSquared(degreesOfFreedom: $0[0]) },
            logDensity: { logOf(gsl_ran_chisq_pdf($0, nu)) },
            cdf: { gsl_cdf_chisq_P($0, nu) })
    }
}

/// 1/Y for Y ~ Gamma(α, rate β): density Gamma(1/x)/x², CDF Q(α, β/x).
/// κ of InverseGamma(10, 20): α log β ≈ 30 cancels to |log p| ≈ 1.
func inverseGammaCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(3.0, 1.0, 1.0), (1.5, 0.2, 1.0), (10.0, 20.0, 30.0)].map { alpha, beta, conditioning in
        DistributionCase(
            "InverseGamma(\(alpha), \(beta))", parameters: [alpha, beta], invalid: [[0, beta], [alpha, 0], [alpha, -1]],
            conditioning: conditioning,
            build: { try InverseGamma(concentration: $0[0], scale: $0[1]) },
            logDensity: { x in x > 0 ? logOf(gsl_ran_gamma_pdf(1 / x, alpha, 1 / beta)) - 2 * Double.log(x) : -.infinity },
            cdf: { x in x > 0 ? gsl_cdf_gamma_Q(1 / x, alpha, 1 / beta) : 0 })
    }
}

/// κ of Beta(40, 25): log B(40, 25) ≈ −44 cancels to |log p| ≈ 1.
func betaCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(1.0, 1.0, 1.0), (2.0, 5.0, 1.0), (0.5, 0.5, 1.0), (1.0, 8.0, 1.0), (40.0, 25.0, 44.0)].map { a, b, conditioning in
        DistributionCase(
            "Beta(\(a), \(b))", parameters: [a, b], invalid: [[0, b], [a, 0], [-1, b]], conditioning: conditioning,
            build: { try Beta(concentration1: $0[0], concentration0: $0[1]) },
            logDensity: { logOf(gsl_ran_beta_pdf($0, a, b)) },
            cdf: { gsl_cdf_beta_P($0, a, b) })
    }
}

/// GSL's t density is standard: p(x) = t_ν((x − μ)/σ)/σ.
func studentTCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(3.0, 0.0, 1.0), (30.0, 2.0, 0.5), (6.5, -4.0, 3.0), (1.0, 0.0, 2.0)].map { nu, mu, sigma in
        DistributionCase(
            "StudentT(\(nu), \(mu), \(sigma))", parameters: [nu, mu, sigma], invalid: [[0, mu, sigma], [nu, mu, 0], [nu, mu, -1]],
            build: { try StudentT(degreesOfFreedom: $0[0], loc: $0[1], scale: $0[2]) },
            logDensity: { logOf(gsl_ran_tdist_pdf(($0 - mu) / sigma, nu) / sigma) },
            cdf: { gsl_cdf_tdist_P(($0 - mu) / sigma, nu) })
    }
}

/// ∫ₐᵇ f by GSL's adaptive Gauss–Kronrod quadrature (QAGS).
func integrate(_ f: @escaping (Double) -> Double, from a: Double, to b: Double) -> Double {
    final class Box { let f: (Double) -> Double; init(_ f: @escaping (Double) -> Double) { self.f = f } }
    let box = Box(f)
    var function = gsl_function(
        function: { x, parameters in Unmanaged<Box>.fromOpaque(parameters!).takeUnretainedValue().f(x) },
        params: Unmanaged.passUnretained(box).toOpaque())
    let workspace = gsl_integration_workspace_alloc(200)!
    defer { gsl_integration_workspace_free(workspace) }
    var result = 0.0, error = 0.0
    _ = gsl_integration_qags(&function, a, b, 0, 1e-13, 200, workspace, &result, &error)
    return withExtendedLifetime(box) { result }
}

/// The normaliser and CDF by quadrature of λˣ(1 − λ)^(1−x): a reference
/// independent of the closed forms (and of their series near λ = ½).
func continuousBernoulliCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [0.2, 0.5, 0.8, 0.4999, 0.02].map { lambda in
        let kernel: @Sendable (Double) -> Double = { x in Double.pow(lambda, x) * Double.pow(1 - lambda, 1 - x) }
        let normaliser = integrate(kernel, from: 0, to: 1)
        return DistributionCase(
            "ContinuousBernoulli(probs \(lambda))", parameters: [lambda], invalid: [[0], [1], [-0.2], [1.3]],
            build: { try ContinuousBernoulli(probs: $0[0]) },
            logDensity: { x in x < 0 || x > 1 ? -.infinity : Double.log(kernel(x) / normaliser) },
            cdf: { x in x <= 0 ? 0 : x >= 1 ? 1 : integrate(kernel, from: 0, to: x) / normaliser })
    }
}

/// The density from GSL's I₀ directly and the CDF by quadrature from −π.
/// Conditioning κ: κ cos(x − μ) and log I₀(κ) ≈ κ cancel to |log p| ≈ 1.
func vonMisesCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(0.0, 1.0), (2.0, 8.0), (-1.0, 0.3), (0.5, 60.0)].map { mu, kappa in
        let density: @Sendable (Double) -> Double = { x in Double.exp(kappa * Double.cos(x - mu)) / (2 * .pi * gsl_sf_bessel_I0(kappa)) }
        return DistributionCase(
            "VonMises(\(mu), \(kappa))", parameters: [mu, kappa], invalid: [[mu, -1], [.infinity, kappa]],
            conditioning: max(1, kappa),
            build: { try VonMises(loc: $0[0], concentration: $0[1]) },
            logDensity: { x in abs(x) > .pi ? -.infinity : Double.log(density(x)) },
            cdf: { x in x <= -.pi ? 0 : x >= .pi ? 1 : integrate(density, from: -.pi, to: x) })
    }
}
