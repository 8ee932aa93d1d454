import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport

/// log of a GSL density, −∞ where it is 0.
func logOf(_ p: Double) -> Double { p > 0 ? Double.log(p) : -.infinity }

/// The case table: each family (each parameterisation of it) at three or
/// more settings, with GSL references, written once for every precision.
/// The cases of one entry share their `build`, so settings of one entry can
/// be stacked into the parameters of a batch (see `BatchedCase`).
func caseFamilies<Scalar: TensorScalar>(_: Scalar.Type = Scalar.self) -> [[DistributionCase<Scalar>]] {
    [
        normalCases(), lognormalCases(), halfNormalCases(), cauchyCases(), halfCauchyCases(), laplaceCases(),
        logisticCases(), gumbelCases(), uniformCases(), exponentialCases(), weibullCases(), paretoCases(),
        gammaCases(), chiSquaredCases(), inverseGammaCases(), betaCases(), studentTCases(), continuousBernoulliCases(),
        vonMisesCases(),
        bernoulliProbsCases(), bernoulliLogitsCases(), binomialProbsCases(), binomialLogitsCases(), poissonCases(),
        geometricCases(), negativeBinomialCases(), betaBinomialCases(), categoricalCases(),
    ]
}

/// Every case of the table in Double.
let distributionCases = caseFamilies(Double.self).flatMap { $0 }

/// Every case of the same table in Float.
let floatDistributionCases = caseFamilies(Float.self).flatMap { $0 }

func normalCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(0.0, 1.0), (-3.0, 0.2), (10.0, 7.5)].map { mu, sigma in
        DistributionCase(
            "Normal(\(mu), \(sigma))", parameters: [mu, sigma], invalid: [[mu, 0], [mu, -1]],
            build: { try Normal(loc: $0[0], scale: $0[1]) },
            logDensity: { logOf(gsl_ran_gaussian_pdf($0 - mu, sigma)) },
            cdf: { gsl_cdf_gaussian_P($0 - mu, sigma) })
    }
}
