import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// The generic conformance checks, run over every case of `distributionCases`.
/// Statistical checks use fixed seeds; each rejects a correct distribution
/// with probability at most `falseFailureRate`.
@Suite("Distributions conform to their references")
struct DistributionConformanceTests {
    static let falseFailureRate = 1e-6
    /// Two-sided normal quantile for 1e-6: |Z| > 4.89 with probability 1e-6.
    static let zBound = 4.89

    /// log p against GSL or a closed form at 400 draws: 1e-10 relative
    /// (absolute below 1), far above double rounding in either formula.
    @Test(arguments: distributionCases)
    func logProbMatchesReference(_ testCase: DistributionCase) throws {
        let xs = try testCase.draws(400)
        let ours = try testCase.make().logProb(of: Tensor(xs)).scalars
        for (x, value) in zip(xs, ours) {
            let reference = testCase.referenceLogDensity(x)
            guard reference.isFinite else { continue }
            #expect(isClose(value, reference, tolerance: 1e-10), "\(testCase.name): log p(\(x)) = \(value), reference \(reference)")
        }
    }

    /// F against GSL (1e-10 absolute), and F⁻¹(F(x)) = x (1e-8 relative)
    /// where F(x) is not within 1e-8 of 0 or 1, where x is ill-determined.
    @Test(arguments: distributionCases.filter { $0.referenceCDF != nil && $0.hasCDF })
    func cdfMatchesReferenceAndInverts(_ testCase: DistributionCase) throws {
        let distribution = try #require(try testCase.make() as? any DistributionWithCDF<Double>)
        let reference = try #require(testCase.referenceCDF)
        let xs = try testCase.draws(400)
        let f = try distribution.cdf(Tensor(xs)).scalars
        for (x, value) in zip(xs, f) {
            #expect(isClose(value, reference(x), tolerance: 1e-10), "\(testCase.name): F(\(x)) = \(value), GSL \(reference(x))")
        }
        guard !testCase.isDiscrete else { return }
        let inner = zip(xs, f).filter { $0.1 > 1e-8 && $0.1 < 1 - 1e-8 }
        let back = try distribution.icdf(Tensor(inner.map(\.1))).scalars
        for ((x, _), y) in zip(inner, back) {
            #expect(isClose(y, x, tolerance: 1e-8), "\(testCase.name): F⁻¹(F(\(x))) = \(y)")
        }
    }

    /// p(x) = dF/dx, the derivative taken by reverse mode through the CDF:
    /// this ties logProb, cdf and their gradients together (1e-8 relative).
    @Test(arguments: distributionCases.filter { $0.hasCDF && !$0.isDiscrete })
    func densityIsTheDerivativeOfTheCDF(_ testCase: DistributionCase) throws {
        let distribution = try #require(try testCase.make() as? any DistributionWithCDF<Double>)
        let xs = try Tensor(testCase.draws(50))
        let slope = try gradient(at: xs) { try distribution.cdf($0).sum() }.scalars
        let density = try exp(distribution.logProb(of: xs)).scalars
        for (d, p) in zip(slope, density) {
            #expect(isClose(d, p, tolerance: 1e-8), "\(testCase.name): dF/dx = \(d), p = \(p)")
        }
    }

    /// 20,000 draws against GSL's CDF (Kolmogorov–Smirnov) or mass function
    /// (Pearson χ²), at level 1e-6.
    @Test(arguments: distributionCases)
    func drawsFollowTheDistribution(_ testCase: DistributionCase) throws {
        let xs = try testCase.draws(20_000)
        if testCase.isDiscrete {
            let test = ChiSquareTest(draws: xs) { k in Double.exp(testCase.referenceLogDensity(Double(k))) }
            #expect(test.pValue > Self.falseFailureRate, "\(testCase.name): χ² = \(test.statistic) on \(test.degreesOfFreedom) df")
        } else {
            let cdf = try #require(testCase.referenceCDF, "\(testCase.name) needs a reference CDF for its KS test")
            let test = KolmogorovSmirnov(sample: xs, cdf: cdf)
            #expect(test.pValue > Self.falseFailureRate, "\(testCase.name): D = \(test.statistic), p = \(test.pValue)")
        }
    }

    /// Sample mean within 4.89 standard errors of `mean` (using `variance`);
    /// sample variance within 4.89 standard errors estimated from the
    /// sample's fourth central moment. Skipped where the moments are infinite.
    @Test(arguments: distributionCases)
    func momentsMatchTheSample(_ testCase: DistributionCase) throws {
        guard let distribution = try testCase.make() as? any DistributionWithMoments<Double> else { return }
        let mean = try distribution.mean.scalarValue, variance = try distribution.variance.scalarValue
        guard mean.isFinite, variance.isFinite else { return }
        let xs = try testCase.draws(50_000, seed: 7)
        let n = Double(xs.count)
        let sampleMean = xs.reduce(0, +) / n
        #expect(abs(sampleMean - mean) <= Self.zBound * (variance / n).squareRoot(), "\(testCase.name): mean \(sampleMean) vs \(mean)")
        let centred = xs.map { ($0 - sampleMean) * ($0 - sampleMean) }
        let sampleVariance = centred.reduce(0, +) / (n - 1)
        let fourth = centred.reduce(0) { $0 + $1 * $1 } / n
        let standardError = (max(fourth - sampleVariance * sampleVariance, 0) / n).squareRoot()
        #expect(abs(sampleVariance - variance) <= Self.zBound * standardError + 1e-9 * variance,
                "\(testCase.name): variance \(sampleVariance) vs \(variance)")
    }

    /// H = −E[log p(X)] by Monte Carlo over 50,000 draws, within 4.89
    /// standard errors.
    @Test(arguments: distributionCases)
    func entropyMatchesMonteCarlo(_ testCase: DistributionCase) throws {
        guard let distribution = try testCase.make() as? any DistributionWithEntropy<Double> else { return }
        let entropy = try distribution.entropy().scalarValue
        let logP = try distribution.logProb(of: Tensor(testCase.draws(50_000, seed: 11))).scalars
        let n = Double(logP.count)
        let estimate = -logP.reduce(0, +) / n
        let spread = logP.reduce(0) { $0 + ($1 + estimate) * ($1 + estimate) } / (n - 1)
        // Slack for summation rounding (n·ε·|H| ≈ 1e-11 here) when log p is constant.
        let rounding = 1e-9 * max(1, abs(entropy))
        #expect(abs(estimate - entropy) <= Self.zBound * (spread / n).squareRoot() + rounding,
                "\(testCase.name): H = \(entropy), Monte Carlo \(estimate)")
    }

    /// ∂ log p / ∂(parameters, value) against central finite differences at
    /// three draws (value only for continuous families), 1e-6 relative.
    @Test(arguments: distributionCases)
    func logProbGradientsMatchFiniteDifferences(_ testCase: DistributionCase) throws {
        // Points at least d = 1e-2·max(1, |x|) inside the support: near an
        // edge the central difference's own error grows like (h/d)², and
        // d ≥ 10³h keeps it below the 1e-6 being tested.
        let support = try testCase.make().support
        let points = try testCase.draws(50, seed: 5).filter { x in
            let h = 1e-2 * max(1, abs(x))
            return try testCase.isDiscrete || support.contains(Tensor([x - h, x + h]))
        }
        #expect(points.count >= 3, "\(testCase.name): too few draws away from the support's edge to check")
        for x in points.prefix(3) {
            // Differentiate the continuous parameters (and the value, for a
            // continuous family); hold the rest fixed.
            let free = testCase.parameters.indices.filter { testCase.differentiable[$0] }
            let arguments = free.map { Tensor(testCase.parameters[$0]) } + (testCase.isDiscrete ? [] : [Tensor(x)])
            let check = try gradientCheck(at: arguments) { a in
                var parameters = testCase.parameters.map { Tensor($0) }
                for (slot, index) in free.enumerated() { parameters[index] = a[slot] }
                let value = testCase.isDiscrete ? Tensor(x) : a.last!
                return try testCase.build(parameters).logProb(of: value).sum()
            }
            for (index, error) in check.relativeErrors.enumerated() {
                #expect(error <= 1e-6, "\(testCase.name) at x = \(x): argument \(index) relative error \(error)")
            }
        }
    }

    /// Σₖ P(k) = 1 over 0…K, with K far beyond the largest of 20,000 draws
    /// (the mass left past it is below double rounding): 1e-10.
    @Test(arguments: distributionCases.filter(\.isDiscrete))
    func massSumsToOne(_ testCase: DistributionCase) throws {
        let largest = try testCase.draws(20_000).max() ?? 0
        let upper = Int(largest * 2) + 50
        let k = Tensor((0...upper).map(Double.init))
        let total = try exp(testCase.make().logProb(of: k)).sum().scalarValue
        #expect(abs(total - 1) <= 1e-10, "\(testCase.name): Σ P(k) = \(total)")
    }

    @Test(arguments: distributionCases)
    func sameSeedGivesTheSameDraws(_ testCase: DistributionCase) throws {
        #expect(try testCase.draws(100, seed: 3) == testCase.draws(100, seed: 3))
        #expect(try testCase.draws(100, seed: 3) != testCase.draws(100, seed: 4))
    }

    /// Every invalid setting (a constraint violated, or NaN) is a typed error
    /// naming the distribution.
    @Test(arguments: distributionCases)
    func invalidParametersAreRejected(_ testCase: DistributionCase) throws {
        let family = testCase.name.split(separator: "(").first.map(String.init) ?? testCase.name
        for parameters in testCase.invalidParameters + [testCase.parameters.map { _ in Double.nan }] {
            #expect(throws: DistributionError.self, "\(testCase.name) accepted \(parameters)") {
                try testCase.build(parameters.map { Tensor($0) })
            }
            do {
                _ = try testCase.build(parameters.map { Tensor($0) })
            } catch let error as DistributionError {
                #expect("\(error)".hasPrefix(family), "\(error) does not name \(family)")
            }
        }
    }
}
