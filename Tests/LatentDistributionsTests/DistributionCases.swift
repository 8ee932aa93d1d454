import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport

/// log of a GSL density, −∞ where it is 0.
func logOf(_ p: Double) -> Double { p > 0 ? Double.log(p) : -.infinity }

/// Each family at three or more parameter settings, with GSL references.
let distributionCases: [DistributionCase] =
    normalCases + lognormalCases + halfNormalCases + cauchyCases + halfCauchyCases + laplaceCases
    + logisticCases + gumbelCases + uniformCases + exponentialCases + weibullCases + paretoCases
    + gammaCases + chiSquaredCases + inverseGammaCases + betaCases + studentTCases + continuousBernoulliCases
    + vonMisesCases
    + bernoulliCases + binomialCases + poissonCases + geometricCases + negativeBinomialCases
    + betaBinomialCases + categoricalCases

let normalCases: [DistributionCase] = [(0.0, 1.0), (-3.0, 0.2), (10.0, 7.5)].map { mu, sigma in
    DistributionCase(
        "Normal(\(mu), \(sigma))", parameters: [mu, sigma], invalid: [[mu, 0], [mu, -1]],
        build: { try Normal(loc: $0[0], scale: $0[1]) },
        logDensity: { logOf(gsl_ran_gaussian_pdf($0 - mu, sigma)) },
        cdf: { gsl_cdf_gaussian_P($0 - mu, sigma) })
}
