import LatentCore
import LatentDistributions
import Testing

/// The multivariate normals at extreme scales and arguments, and bad
/// covariances, against closed forms.
@Suite("Multivariate normals at extreme parameters")
struct MultivariateNormalExtremeTests {
    /// log N(x; 0, Σ) at |x| = 10²⁰⁰ is −∞ (−½xᵀΣ⁻¹x is −5e399), for the
    /// dense and the low-rank forms alike: the low-rank form's
    /// δᵀD⁻¹δ − ‖L_C⁻¹WᵀD⁻¹δ‖² was ∞ − ∞ = NaN.
    @Test func logProbAtAHugeDistanceIsMinusInfinity() throws {
        let x = Tensor([1e200, 0.0])
        let dense = try MultivariateNormal(loc: [0, 0], scaleTril: [[1, 0], [0.5, 1]])
        #expect(try dense.logProb(of: x).scalarValue == -.infinity)
        let lowRank = try LowRankMultivariateNormal(loc: [0, 0], covarianceFactor: [[1], [1]], covarianceDiagonal: [1, 1])
        #expect(try lowRank.logProb(of: x).scalarValue == -.infinity)
    }

    /// At scales of 10^±150 the log-density at x = (s, s) and the entropy
    /// of Σ = s²[[2, 1], [1, 2]] (W = (s, s)ᵀ, D = s²I, det Σ = 3s⁴,
    /// xᵀΣ⁻¹x = 2/3) match the closed forms, dense and low-rank, to 1e-12
    /// relative: sums of logs of order 700 with no cancellation.
    @Test(arguments: [1e150, 1e-150])
    func extremeScalesMatchTheClosedForm(scale s: Double) throws {
        let logDeterminant = Double.log(3) + 4 * Double.log(s)
        let logProb = -1.0 / 3 - 0.5 * logDeterminant - Double.log(2 * .pi)
        let entropy = 1 + Double.log(2 * .pi) + 0.5 * logDeterminant
        let lowRank = try LowRankMultivariateNormal(loc: [0, 0], covarianceFactor: [[s], [s]], covarianceDiagonal: [s * s, s * s])
        let dense = try MultivariateNormal(loc: [0, 0], scaleTril: [[Double.sqrt(2) * s, 0], [s / Double.sqrt(2), Double.sqrt(1.5) * s]])
        for distribution in [lowRank, dense] as [any DistributionWithEntropy<Double>] {
            let value = try distribution.logProb(of: Tensor([s, s])).scalarValue
            #expect(abs(value - logProb) <= 1e-12 * abs(logProb), "\(distribution.name) at scale \(s): \(value), exact \(logProb)")
            let h = try distribution.entropy().scalarValue
            #expect(abs(h - entropy) <= 1e-12 * abs(entropy), "\(distribution.name) at scale \(s): H = \(h), exact \(entropy)")
        }
    }

    /// In one dimension the multivariate normal is the normal, at any scale.
    @Test(arguments: [1e-150, 1.0, 1e150])
    func oneDimensionIsTheNormal(scale: Double) throws {
        let x = Tensor([0.3 + 2 * scale])
        let multivariate = try MultivariateNormal(loc: [0.3], scaleTril: [[scale]])
        let normal = try Normal(loc: 0.3, scale: scale)
        let (a, b) = (try multivariate.logProb(of: x).scalarValue, try normal.logProb(of: Tensor(0.3 + 2 * scale)).scalarValue)
        #expect(abs(a - b) <= 1e-13 * max(1, abs(b)))
        #expect(abs(try multivariate.entropy().scalarValue - normal.entropy().scalarValue) <= 1e-13 * max(1, abs(b)))
    }

    /// Covariances and precisions that are not symmetric used to be read by
    /// their lower triangle alone ([[1, 5], [0.5, 2]] became [[1, 0.5],
    /// [0.5, 2]]); not positive definite, singular or non-finite ones were
    /// already refused. Each is a typed error naming the parameter.
    @Test func badCovariancesAreNamedErrors() throws {
        let bad: [[[Double]]] = [[[1, 5], [0.5, 2]], [[1, 2], [2, 1]], [[1, 1], [1, 1]], [[.infinity, 0], [0, 1]], [[.nan, 0], [0, 1]]]
        for matrix in bad {
            for (parameter, make) in [("covariance", { try MultivariateNormal(loc: [0, 0], covariance: $0) }),
                                      ("precision", { try MultivariateNormal(loc: [0, 0], precision: $0) })]
                as [(String, ([[Double]]) throws -> MultivariateNormal<Double>)] {
                do {
                    _ = try make(matrix)
                    Issue.record("\(parameter) \(matrix) was accepted")
                } catch let DistributionError.invalidParameter(_, name, _, _) {
                    #expect(name == parameter)
                }
            }
        }
        // A finite covariance that is not positive definite carries its least
        // eigenvalue (−1 for [[1, 2], [2, 1]], exactly), so it does not read as
        // a diverged fit.
        do {
            _ = try MultivariateNormal(loc: [0, 0], covariance: [[1, 2], [2, 1]])
            Issue.record("[[1, 2], [2, 1]] was accepted")
        } catch let error as DistributionError {
            guard case let .invalidParameter(_, _, _, value) = error else { throw error }
            #expect(abs(value + 1) <= 1e-15)
            #expect(!error.isNonFiniteParameter)
        }
        // Rounding in a symmetric product is tolerated.
        let sigma = try MultivariateNormal(loc: [0, 0], covariance: [[1, 0.3], [0.3 * (1 + 1e-15), 2]])
        #expect(sigma.dimension == 2)
    }

    /// A factor without columns, and one whose WᵀD⁻¹W overflows (10²⁰ against
    /// 10⁻³⁰⁰), are named errors rather than a raw factorisation error.
    @Test func badLowRankFactorsAreNamedErrors() throws {
        let cases: [(Tensor<Double>, Tensor<Double>)] = [
            (try Tensor(shape: [2, 0], scalars: []), Tensor([1.0, 1.0])),
            (try Tensor(rows: [[1e10], [1e10]]), Tensor([1e-300, 1e-300])),
        ]
        for (factor, diagonal) in cases {
            do {
                _ = try LowRankMultivariateNormal(loc: Tensor([0.0, 0.0]), covarianceFactor: factor, covarianceDiagonal: diagonal)
                Issue.record("factor \(factor.shape) was accepted")
            } catch let DistributionError.invalidParameter(_, name, _, _) {
                #expect(name == "covarianceFactor")
            }
        }
    }
}
