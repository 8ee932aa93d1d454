import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport

/// log of a GSL mass function at an integer k ≥ 0, −∞ elsewhere.
func logMass(_ x: Double, _ mass: (UInt32) -> Double) -> Double {
    x >= 0 && x == x.rounded() ? logOf(mass(UInt32(x))) : -.infinity
}

func bernoulliProbsCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [0.3, 0.9, 0.02].map { p in
        DistributionCase(
            "Bernoulli(probs \(p))", parameters: [p], invalid: [[-0.1], [1.5]], discrete: true,
            build: { try Bernoulli(probs: $0[0]) },
            logDensity: { logMass($0) { gsl_ran_bernoulli_pdf($0, p) } })
    }
}

func bernoulliLogitsCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [-2.0, 4.0].map { logit in
        let p = 1 / (1 + Double.exp(-logit))
        return DistributionCase(
            "Bernoulli(logits \(logit))", parameters: [logit], invalid: [], discrete: true,
            build: { try Bernoulli(logits: $0[0]) },
            logDensity: { logMass($0) { gsl_ran_bernoulli_pdf($0, p) } })
    }
}

/// Conditioning κ: log Γ(n + 1) over |log p| ≈ 2–5 at the mode (857 for
/// n = 200, 37,600 for n = 5,000).
func binomialProbsCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(10.0, 0.3, 5.0), (1.0, 0.5, 1.0), (200.0, 0.05, 400.0), (5_000.0, 0.6, 7_500.0)].map { n, p, conditioning in
        DistributionCase(
            "Binomial(\(n), probs \(p))", parameters: [n, p], invalid: [[-1, p], [2.5, p], [n, 1.2]], discrete: true,
            differentiable: [false, true], conditioning: conditioning,
            build: { try Binomial(totalCount: $0[0].detached, probs: $0[1]) },
            logDensity: { logMass($0) { gsl_ran_binomial_pdf($0, p, UInt32(n)) } })
    }
}

func binomialLogitsCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(30.0, -1.0)].map { n, logit in
        let p = 1 / (1 + Double.exp(-logit))
        return DistributionCase(
            "Binomial(\(n), logits \(logit))", parameters: [n, logit], invalid: [[-3, logit]], discrete: true,
            differentiable: [false, true], conditioning: 37,
            build: { try Binomial(totalCount: $0[0].detached, logits: $0[1]) },
            logDensity: { logMass($0) { gsl_ran_binomial_pdf($0, p, UInt32(n)) } })
    }
}

/// Conditioning κ: k log λ ≈ λ log λ over |log p| at the mode (751/3.5 for
/// λ = 150, 253,000/6.5 for λ = 25,000).
func poissonCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(0.7, 1.0), (4.0, 3.0), (150.0, 215.0), (25_000.0, 39_000.0)].map { lambda, conditioning in
        DistributionCase(
            "Poisson(\(lambda))", parameters: [lambda], invalid: [[-1]], discrete: true, conditioning: conditioning,
            build: { try Poisson(rate: $0[0]) },
            logDensity: { logMass($0) { gsl_ran_poisson_pdf($0, lambda) } })
    }
}

func geometricCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [0.3, 0.9, 0.01].map { p in
        DistributionCase(
            "Geometric(probs \(p))", parameters: [p], invalid: [[0], [-0.5], [1.5]], discrete: true,
            build: { try Geometric(probs: $0[0]) },
            // GSL counts trials up to and including the first success: k + 1.
            logDensity: { logMass($0) { gsl_ran_geometric_pdf($0 + 1, p) } })
    }
}

/// GSL's negative binomial counts failures before n successes of
/// probability P: ours with P = 1 − p, n = r. κ of NegativeBinomial(40, 0.2):
/// log Γ(k + r) ≈ 850 at k ≈ 160 over |log p| ≈ 5.
func negativeBinomialCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(3.0, 0.4, 1.0), (0.5, 0.7, 1.0), (40.0, 0.2, 170.0)].map { r, p, conditioning in
        DistributionCase(
            "NegativeBinomial(\(r), probs \(p))", parameters: [r, p], invalid: [[0, p], [r, -0.1], [r, 1]], discrete: true,
            conditioning: conditioning,
            build: { try NegativeBinomial(totalCount: $0[0], probs: $0[1]) },
            logDensity: { logMass($0) { gsl_ran_negative_binomial_pdf($0, 1 - p, r) } })
    }
}

func betaBinomialCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [(10.0, 2.0, 3.0), (25.0, 0.5, 0.5), (3.0, 8.0, 1.0)].map { n, a, b in
        DistributionCase(
            "BetaBinomial(\(n), \(a), \(b))", parameters: [n, a, b], invalid: [[-1, a, b], [n, 0, b], [n, a, -2]],
            discrete: true, differentiable: [false, true, true],
            build: { try BetaBinomial(totalCount: $0[0].detached, concentration1: $0[1], concentration0: $0[2]) },
            logDensity: { k in
                guard k >= 0, k <= n, k == k.rounded() else { return -.infinity }
                return gsl_sf_lnchoose(UInt32(n), UInt32(k)) + gsl_sf_lnbeta(k + a, n - k + b) - gsl_sf_lnbeta(a, b)
            })
    }
}

/// Categorical over K categories: the K probabilities are the parameters,
/// stacked into the last axis by `build`.
func categoricalCases<Scalar: TensorScalar>() -> [DistributionCase<Scalar>] {
    [[0.2, 0.5, 0.3], [0.05, 0.05, 0.6, 0.0, 0.3], [1, 1, 1, 1, 1, 1, 1, 1]].map { weights in
        let total = weights.reduce(0, +)
        return DistributionCase(
            "Categorical(probs \(weights))", parameters: weights,
            invalid: [weights.map { -$0 - 1 }, weights.map { _ in 0 }], discrete: true,
            // A zero probability sits on the boundary: it cannot be stepped both ways.
            differentiable: weights.map { $0 > 0 }, elementwise: false,
            build: { try Categorical(probs: Tensor.stacking($0, alongAxis: 0)) },
            logDensity: { k in
                guard k >= 0, k < Double(weights.count), k == k.rounded() else { return -.infinity }
                return logOf(weights[Int(k)] / total)
            })
    }
}
