import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport

/// log of a GSL mass function at an integer k ≥ 0, −∞ elsewhere.
func logMass(_ x: Double, _ mass: (UInt32) -> Double) -> Double {
    x >= 0 && x == x.rounded() ? logOf(mass(UInt32(x))) : -.infinity
}

let bernoulliCases: [DistributionCase] = [0.3, 0.9, 0.02].map { p in
    DistributionCase(
        "Bernoulli(probs \(p))", parameters: [p], invalid: [[-0.1], [1.5]], discrete: true,
        build: { try Bernoulli(probs: $0[0]) },
        logDensity: { logMass($0) { gsl_ran_bernoulli_pdf($0, p) } })
} + [-2.0, 4.0].map { logit in
    let p = 1 / (1 + Double.exp(-logit))
    return DistributionCase(
        "Bernoulli(logits \(logit))", parameters: [logit], invalid: [], discrete: true,
        build: { try Bernoulli(logits: $0[0]) },
        logDensity: { logMass($0) { gsl_ran_bernoulli_pdf($0, p) } })
}

let binomialCases: [DistributionCase] = [(10.0, 0.3), (1.0, 0.5), (200.0, 0.05), (5_000.0, 0.6)].map { n, p in
    DistributionCase(
        "Binomial(\(n), probs \(p))", parameters: [n, p], invalid: [[-1, p], [2.5, p], [n, 1.2]], discrete: true,
        differentiable: [false, true],
        build: { try Binomial(totalCount: $0[0].detached, probs: $0[1]) },
        logDensity: { logMass($0) { gsl_ran_binomial_pdf($0, p, UInt32(n)) } })
} + [(30.0, -1.0)].map { n, logit in
    let p = 1 / (1 + Double.exp(-logit))
    return DistributionCase(
        "Binomial(\(n), logits \(logit))", parameters: [n, logit], invalid: [[-3, logit]], discrete: true,
        differentiable: [false, true],
        build: { try Binomial(totalCount: $0[0].detached, logits: $0[1]) },
        logDensity: { logMass($0) { gsl_ran_binomial_pdf($0, p, UInt32(n)) } })
}

let poissonCases: [DistributionCase] = [0.7, 4.0, 150.0, 25_000.0].map { lambda in
    DistributionCase(
        "Poisson(\(lambda))", parameters: [lambda], invalid: [[-1]], discrete: true,
        build: { try Poisson(rate: $0[0]) },
        logDensity: { logMass($0) { gsl_ran_poisson_pdf($0, lambda) } })
}
