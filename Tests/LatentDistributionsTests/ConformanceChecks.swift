import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// The conformance checks, written once for every precision:
/// `DistributionConformanceTests` runs each over the case table in Double
/// and in Float, each precision with its ``Tolerances``. Statistical checks use fixed seeds; each
/// rejects a correct distribution with probability at most
/// `falseFailureRate`.
enum ConformanceChecks {
    /// A check by name, so that one test can run every check on every case.
    enum Check: String, Sendable, CaseIterable {
        case logProbMatchesReference, cdfMatchesReferenceAndInverts, densityIsTheDerivativeOfTheCDF, drawsFollowTheDistribution, momentsMatchTheSample, entropyMatchesMonteCarlo, massSumsToOne, sameSeedGivesTheSameDraws, invalidParametersAreRejected

        /// Whether the check applies to `testCase`: the CDF checks need a
        /// CDF, and Σ P(k) = 1 a discrete family.
        func applies<S>(to testCase: DistributionCase<S>) -> Bool {
            switch self {
            case .cdfMatchesReferenceAndInverts: testCase.referenceCDF != nil && testCase.hasCDF
            case .densityIsTheDerivativeOfTheCDF: testCase.hasCDF && !testCase.isDiscrete
            case .massSumsToOne: testCase.isDiscrete
            default: true
            }
        }
    }

    /// Each check bound to each case of `cases` it applies to.
    static func checks<S: ConformanceScalar>(of cases: [DistributionCase<S>]) -> [BoundCheck] {
        Check.allCases.flatMap { check in
            cases.filter(check.applies).map { testCase in
                BoundCheck("\(check.rawValue): \(testCase.name) in \(S.self)") { try run(check, on: testCase) }
            }
        }
    }

    /// Runs `check` on `testCase`.
    static func run<S: ConformanceScalar>(_ check: Check, on testCase: DistributionCase<S>) throws {
        switch check {
        case .logProbMatchesReference: try logProbMatchesReference(testCase)
        case .cdfMatchesReferenceAndInverts: try cdfMatchesReferenceAndInverts(testCase)
        case .densityIsTheDerivativeOfTheCDF: try densityIsTheDerivativeOfTheCDF(testCase)
        case .drawsFollowTheDistribution: try drawsFollowTheDistribution(testCase)
        case .momentsMatchTheSample: try momentsMatchTheSample(testCase)
        case .entropyMatchesMonteCarlo: try entropyMatchesMonteCarlo(testCase)
        case .massSumsToOne: try massSumsToOne(testCase)
        case .sameSeedGivesTheSameDraws: try sameSeedGivesTheSameDraws(testCase)
        case .invalidParametersAreRejected: try invalidParametersAreRejected(testCase)
        }
    }

    static let falseFailureRate = 1e-6
    /// Two-sided normal quantile for 1e-6: |Z| > 4.89 with probability 1e-6.
    static let zBound = 4.89

    /// log p against GSL or a closed form at 400 draws.
    static func logProbMatchesReference<S: ConformanceScalar>(_ testCase: DistributionCase<S>) throws {
        let tolerance = S.tolerances.logProb(conditioning: testCase.conditioning)
        let xs = try testCase.draws(400)
        let ours = try testCase.make().logProb(of: tensor(xs)).scalars
        for (x, value) in zip(xs, ours) {
            let reference = testCase.referenceLogDensity(x)
            guard reference.isFinite else { continue }
            #expect(isClose(Double(value), reference, tolerance: tolerance),
                    "\(testCase.name) in \(S.self): log p(\(x)) = \(value), reference \(reference)")
        }
    }

    /// F against GSL (absolute), and F⁻¹(F(x)) = x where F(x) is not too
    /// close to 0 or 1 to determine x. An error δ in F moves the quantile
    /// by δ/p(x), so the round trip is allowed the CDF's own rounding
    /// (4u·F) magnified by 1/p(x) besides the quantile's tolerance.
    static func cdfMatchesReferenceAndInverts<S: ConformanceScalar>(_ testCase: DistributionCase<S>) throws {
        let tolerances = S.tolerances
        let distribution = try #require(try testCase.make() as? any DistributionWithCDF<S>)
        let reference = try #require(testCase.referenceCDF)
        let xs = try testCase.draws(400)
        let f = try distribution.cdf(tensor(xs)).scalars.map(Double.init)
        for (x, value) in zip(xs, f) {
            #expect(abs(value - reference(x)) <= tolerances.cdf, "\(testCase.name) in \(S.self): F(\(x)) = \(value), GSL \(reference(x))")
        }
        guard !testCase.isDiscrete else { return }
        let inner = zip(xs, f).filter { $0.1 > tolerances.quantileEdge && $0.1 < 1 - tolerances.quantileEdge }
        let back = try distribution.icdf(tensor(inner.map(\.1))).scalars.map(Double.init)
        for ((x, probability), y) in zip(inner, back) {
            let density = Double.exp(testCase.referenceLogDensity(x))
            let magnified = 4 * tolerances.unitRoundoff * probability / density
            #expect(abs(y - x) <= tolerances.quantile * max(1, abs(x)) + magnified,
                    "\(testCase.name) in \(S.self): F⁻¹(F(\(x))) = \(y)")
        }
    }

    /// p(x) = dF/dx, the derivative taken by reverse mode through the CDF:
    /// this ties logProb, cdf and their gradients together.
    static func densityIsTheDerivativeOfTheCDF<S: ConformanceScalar>(_ testCase: DistributionCase<S>) throws {
        let distribution = try #require(try testCase.make() as? any DistributionWithCDF<S>)
        let xs = try tensor(testCase.draws(50)) as Tensor<S>
        let slope = try gradient(at: xs) { try distribution.cdf($0).sum() }.scalars
        let density = try exp(distribution.logProb(of: xs)).scalars
        for (d, p) in zip(slope, density) {
            #expect(isClose(Double(d), Double(p), tolerance: S.tolerances.densitySlope),
                    "\(testCase.name) in \(S.self): dF/dx = \(d), p = \(p)")
        }
    }

    /// 20,000 draws against GSL's CDF (Kolmogorov–Smirnov) or mass function
    /// (Pearson χ²), at level `falseFailureRate`.
    static func drawsFollowTheDistribution<S: ConformanceScalar>(_ testCase: DistributionCase<S>) throws {
        try expectDrawsFollow(testCase, testCase.draws(20_000))
    }

    /// Sample mean within 4.89 standard errors of `mean` (using `variance`);
    /// sample variance within 4.89 standard errors estimated from the
    /// sample's fourth central moment. Skipped where the moments are infinite.
    static func momentsMatchTheSample<S: ConformanceScalar>(_ testCase: DistributionCase<S>) throws {
        guard let distribution = try testCase.make() as? any DistributionWithMoments<S> else { return }
        let mean = try Double(distribution.mean.scalarValue), variance = try Double(distribution.variance.scalarValue)
        guard mean.isFinite, variance.isFinite else { return }
        let xs = try testCase.draws(50_000, seed: 7)
        let n = Double(xs.count)
        let sampleMean = xs.reduce(0, +) / n
        #expect(abs(sampleMean - mean) <= zBound * (variance / n).squareRoot() + S.tolerances.summation * abs(mean),
                "\(testCase.name) in \(S.self): mean \(sampleMean) vs \(mean)")
        let centred = xs.map { ($0 - sampleMean) * ($0 - sampleMean) }
        let sampleVariance = centred.reduce(0, +) / (n - 1)
        let fourth = centred.reduce(0) { $0 + $1 * $1 } / n
        let standardError = (max(fourth - sampleVariance * sampleVariance, 0) / n).squareRoot()
        #expect(abs(sampleVariance - variance) <= zBound * standardError + S.tolerances.summation * variance,
                "\(testCase.name) in \(S.self): variance \(sampleVariance) vs \(variance)")
    }

    /// H = −E[log p(X)] by Monte Carlo over 50,000 draws, within 4.89
    /// standard errors, plus the rounding of H and of each log p.
    static func entropyMatchesMonteCarlo<S: ConformanceScalar>(_ testCase: DistributionCase<S>) throws {
        guard let distribution = try testCase.make() as? any DistributionWithEntropy<S> else { return }
        let entropy = try Double(distribution.entropy().scalarValue)
        let logP = try distribution.logProb(of: tensor(testCase.draws(50_000, seed: 11))).scalars.map(Double.init)
        let n = Double(logP.count)
        let estimate = -logP.reduce(0, +) / n
        let spread = logP.reduce(0) { $0 + ($1 + estimate) * ($1 + estimate) } / (n - 1)
        // Slack for rounding when log p is constant (n·u·|H| for Double's sum).
        let tolerances = S.tolerances
        let rounding = max(tolerances.summation, tolerances.logProb(conditioning: testCase.conditioning)) * max(1, abs(entropy))
        #expect(abs(estimate - entropy) <= zBound * (spread / n).squareRoot() + rounding,
                "\(testCase.name) in \(S.self): H = \(entropy), Monte Carlo \(estimate)")
    }

    /// Σₖ P(k) = 1 over 0…K, with K far beyond the largest of 20,000 draws
    /// (the mass left past it is below double rounding), summed in Double.
    /// Each P(k) carries the relative error of its log p.
    static func massSumsToOne<S: ConformanceScalar>(_ testCase: DistributionCase<S>) throws {
        let largest = try testCase.draws(20_000).max() ?? 0
        let upper = Int(largest * 2) + 50
        let k = try tensor((0...upper).map(Double.init)) as Tensor<S>
        let total = try exp(testCase.make().logProb(of: k)).scalars.reduce(0.0) { $0 + Double($1) }
        let tolerance = S.tolerances.logProb(conditioning: testCase.conditioning)
        #expect(abs(total - 1) <= tolerance, "\(testCase.name) in \(S.self): Σ P(k) = \(total)")
    }

    static func sameSeedGivesTheSameDraws<S: ConformanceScalar>(_ testCase: DistributionCase<S>) throws {
        #expect(try testCase.draws(100, seed: 3) == testCase.draws(100, seed: 3))
        #expect(try testCase.draws(100, seed: 3) != testCase.draws(100, seed: 4))
    }

    /// Every invalid setting (a constraint violated, or NaN) is a typed error
    /// naming the distribution.
    static func invalidParametersAreRejected<S: ConformanceScalar>(_ testCase: DistributionCase<S>) throws {
        let family = testCase.name.split(separator: "(").first.map(String.init) ?? testCase.name
        for parameters in testCase.invalidParameters + [testCase.parameters.map { _ in Double.nan }] {
            let tensors = parameters.map { Tensor(S($0)) }
            #expect(throws: DistributionError.self, "\(testCase.name) in \(S.self) accepted \(parameters)") {
                try testCase.build(tensors)
            }
            do {
                _ = try testCase.build(tensors)
            } catch let error as DistributionError {
                #expect("\(error)".hasPrefix(family), "\(error) does not name \(family)")
            }
        }
    }

    /// Draws of one case against its reference: Pearson χ² on the counts
    /// for an integer family, Kolmogorov–Smirnov for a continuous one, at
    /// level `falseFailureRate`.
    static func expectDrawsFollow<S>(_ testCase: DistributionCase<S>, _ xs: [Double], comment: String = "") throws {
        if testCase.isDiscrete {
            let test = ChiSquareTest(draws: xs) { k in Double.exp(testCase.referenceLogDensity(Double(k))) }
            #expect(test.pValue > falseFailureRate,
                    "\(testCase.name) in \(S.self)\(comment): χ² = \(test.statistic) on \(test.degreesOfFreedom) df")
        } else {
            let cdf = try #require(testCase.referenceCDF, "\(testCase.name) needs a reference CDF for its KS test")
            let test = KolmogorovSmirnov(sample: xs, cdf: cdf)
            #expect(test.pValue > falseFailureRate, "\(testCase.name) in \(S.self)\(comment): D = \(test.statistic), p = \(test.pValue)")
        }
    }

    /// A vector of numbers in precision `S`.
    static func tensor<S: TensorScalar>(_ values: [Double]) -> Tensor<S> {
        Tensor(values.map { S($0) })
    }
}
