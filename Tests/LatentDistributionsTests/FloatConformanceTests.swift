import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// The conformance checks (`ConformanceChecks`) over every case of the
/// table in Float, against the same Double references within Float's
/// tolerances (``Tolerances/float``).
@Suite("Float conforms to the references")
struct FloatConformanceTests {
    @Test(arguments: floatDistributionCases)
    func logProbMatchesReference(_ testCase: DistributionCase<Float>) throws {
        try ConformanceChecks.logProbMatchesReference(testCase)
    }

    @Test(arguments: floatDistributionCases.filter { $0.referenceCDF != nil && $0.hasCDF })
    func cdfMatchesReferenceAndInverts(_ testCase: DistributionCase<Float>) throws {
        try ConformanceChecks.cdfMatchesReferenceAndInverts(testCase)
    }

    @Test(arguments: floatDistributionCases.filter { $0.hasCDF && !$0.isDiscrete })
    func densityIsTheDerivativeOfTheCDF(_ testCase: DistributionCase<Float>) throws {
        try ConformanceChecks.densityIsTheDerivativeOfTheCDF(testCase)
    }

    @Test(arguments: floatDistributionCases)
    func drawsFollowTheDistribution(_ testCase: DistributionCase<Float>) throws {
        try ConformanceChecks.drawsFollowTheDistribution(testCase)
    }

    @Test(arguments: floatDistributionCases)
    func momentsMatchTheSample(_ testCase: DistributionCase<Float>) throws {
        try ConformanceChecks.momentsMatchTheSample(testCase)
    }

    @Test(arguments: floatDistributionCases)
    func entropyMatchesMonteCarlo(_ testCase: DistributionCase<Float>) throws {
        try ConformanceChecks.entropyMatchesMonteCarlo(testCase)
    }

    @Test(arguments: floatDistributionCases.filter(\.isDiscrete))
    func massSumsToOne(_ testCase: DistributionCase<Float>) throws {
        try ConformanceChecks.massSumsToOne(testCase)
    }

    @Test(arguments: floatDistributionCases)
    func sameSeedGivesTheSameDraws(_ testCase: DistributionCase<Float>) throws {
        try ConformanceChecks.sameSeedGivesTheSameDraws(testCase)
    }

    @Test(arguments: floatDistributionCases)
    func invalidParametersAreRejected(_ testCase: DistributionCase<Float>) throws {
        try ConformanceChecks.invalidParametersAreRejected(testCase)
    }

    /// Bernoulli with logits in Float (eight lanes at a time, then a scalar
    /// tail: 1,003 elements) against the Double formula −softplus(∓l), and
    /// its gradient k − σ(l), over logits from −100 to 100: within 3 Float
    /// ulps of the value (or of 0, for values below the smallest normal
    /// Float) and 1e-6 of the gradient.
    @Test func bernoulliLogitsAgreeWithDouble() throws {
        let logits = (0..<1_003).map { i in Float(-100 + 200 * Double(i) / 1_002) } + [0, 1e-6, -1e-6, 17, -17]
        let outcomes = logits.indices.map { Float(($0 * 7) % 3 == 0 ? 1 : 0) }
        let l = try Tensor<Float>(shape: [logits.count], scalars: logits)
        let k = try Tensor<Float>(shape: [logits.count], scalars: outcomes)
        let gradient = try valueWithGradient(at: l) { l in try Bernoulli(logits: l).logProb(of: k).sum() }.gradient
        let values = try Bernoulli(logits: l).logProb(of: k).scalars
        for i in logits.indices {
            let (x, success) = (Double(logits[i]), outcomes[i] == 1)
            let exact = -Double.softplus(success ? -x : x)
            // Log-likelihoods below the smallest normal Float may be flushed to 0.
            let tolerance = Swift.max(3 * Double(Float(exact).ulp), Double(Float.leastNormalMagnitude))
            #expect(abs(Double(values[i]) - exact) <= tolerance, "l = \(x), k = \(success): \(values[i]) vs \(exact)")
            let slope = (success ? 1 : 0) - Double.sigmoid(x)
            #expect(abs(Double(gradient.scalars[i]) - slope) <= 1e-6, "gradient at l = \(x)")
        }
    }
}
