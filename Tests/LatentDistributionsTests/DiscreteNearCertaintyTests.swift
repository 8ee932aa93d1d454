import LatentCore
import LatentDistributions
import Testing

/// Categorical, one-hot categorical, Bernoulli and geometric distributions
/// near certainty: categories below 2⁻⁵³ beside one near 1, and logits far
/// apart, where the normaliser log(1 + ε) and the complement 1 − p used to
/// round ε away. References from mpmath at 1,000 digits (enough for
/// log(1 + 10⁻³⁰⁰)), rounded once to Double.
///
/// Tolerance: 1e-10 relative with a floor of 1e-300. Each value here is a
/// single logarithm or a sum of positive terms −p log p, each computed to
/// its own relative precision, so relative accuracy is meaningful down to
/// underflow; the faults guarded against are off in the first digit.
@Suite("Discrete families near certainty")
struct DiscreteNearCertaintyTests {
    struct CategoricalCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// Probabilities, or logits where `areLogits`.
        let parameters: [Double]
        var areLogits = false
        let logProbabilities: [Double]
        let entropy: Double
        /// P(k)(1 − P(k)), the one-hot variance.
        let variances: [Double]
        var testDescription: String { name }

        var categorical: Categorical<Double> {
            get throws { areLogits ? try Categorical(logits: parameters) : try Categorical(probs: parameters) }
        }
        var oneHot: OneHotCategorical<Double> {
            get throws { areLogits ? try OneHotCategorical(logits: parameters) : try OneHotCategorical(probs: parameters) }
        }
    }

    static let categoricalCases: [CategoricalCase] = [
        .init(name: "probs [1 − 1e-20, 1e-20]", parameters: [1 - 1e-20, 1e-20],
              logProbabilities: [-1e-20, -46.051701859880914], entropy: 4.705170185988091e-19, variances: [1e-20, 1e-20]),
        .init(name: "probs [1e-300, 1]", parameters: [1e-300, 1],
              logProbabilities: [-690.7755278982137, -1e-300], entropy: 6.917755278982137e-298, variances: [1e-300, 1e-300]),
        .init(name: "probs [5, 5e-20, 2.5e-300]", parameters: [5, 5e-20, 2.5e-300],
              logProbabilities: [-1e-20, -46.051701859880914, -691.4686750787737], entropy: 4.705170185988091e-19,
              variances: [1e-20, 1e-20, 5e-301]),
        // The row sum overflows to +∞, which normalised every probability to 0.
        .init(name: "probs [1e308, 1e308, 1e307]", parameters: [1e308, 1e308, 1e307],
              logProbabilities: [-0.7419373447293773, -0.7419373447293773, -3.044522437723423], entropy: 0.8515842539195699,
              variances: [0.2494331065759637, 0.2494331065759637, 0.045351473922902494]),
        .init(name: "logits [0, −40]", parameters: [0, -40], areLogits: true,
              logProbabilities: [-4.248354255291589e-18, -40], entropy: 1.7418252446695514e-16,
              variances: [4.248354255291589e-18, 4.248354255291589e-18]),
        .init(name: "logits [0, −700]", parameters: [0, -700], areLogits: true,
              logProbabilities: [-9.85967654375977e-305, -700], entropy: 6.911633257175599e-302,
              variances: [9.85967654375977e-305, 9.85967654375977e-305]),
        .init(name: "logits [1000, 0, −1000]", parameters: [1000, 0, -1000], areLogits: true,
              logProbabilities: [0, -1000, -2000], entropy: 0, variances: [0, 0, 0]),
        .init(name: "logits [3, −997, 2]", parameters: [3, -997, 2], areLogits: true,
              logProbabilities: [-0.3132616875182228, -1000.3132616875182, -1.3132616875182228], entropy: 0.5822031088882179,
              variances: [0.19661193324148185, 0, 0.19661193324148185]),
    ]

    static func expectClose(_ value: Double, _ exact: Double, _ what: String) {
        #expect(abs(value - exact) <= 1e-10 * max(1e-300, abs(exact)), "\(what): \(value), exact \(exact)")
    }

    @Test(arguments: categoricalCases)
    func categoricalMatchesTheReference(_ c: CategoricalCase) throws {
        let categorical = try c.categorical
        for (k, exact) in c.logProbabilities.enumerated() {
            Self.expectClose(try categorical.logProb(of: Tensor(Double(k))).scalarValue, exact, "\(c.name): log P(\(k))")
        }
        Self.expectClose(try categorical.entropy().scalarValue, c.entropy, "\(c.name): entropy")
        let oneHot = try c.oneHot
        for (k, exact) in c.variances.enumerated() {
            Self.expectClose(try oneHot.variance.scalars[k], exact, "\(c.name): one-hot variance \(k)")
        }
    }

    /// The normalisation keeps the gradient of the log-softmax: against
    /// central differences at logits 40 apart (bound as in the gradient
    /// checks of the conformance suite).
    @Test func categoricalLogitGradientsMatchFiniteDifferences() throws {
        let check = try gradientCheck(at: [Tensor([0.5, -40, 1.5])]) { v in
            try Categorical(logits: v[0]).logProb(of: Tensor([0.0, 1, 2])).sum()
        }
        #expect(check.maxRelativeError <= 1e-6)
        let probabilities = try gradientCheck(at: [Tensor([0.5, 1e-3, 0.25])]) { v in
            try Categorical(probs: v[0]).logProb(of: Tensor([0.0, 1, 2])).sum()
        }
        #expect(probabilities.maxRelativeError <= 1e-6)
    }

    /// (Bernoulli entropy, geometric entropy) at logits l, exact: the
    /// failure term (1 − p) log(1 − p) is l times the other for large l.
    @Test(arguments: [(40.0, 1.7418252446695514e-16, 1.7418252446695514e-16), (50.0, 9.83662422461598e-21, 9.83662422461598e-21),
                      (700.0, 6.911633257175599e-302, 6.911633257175599e-302), (-700.0, 6.911633257175599e-302, 701.0)])
    func entropiesAtExtremeLogitsMatchTheReference(logit: Double, bernoulli: Double, geometric: Double) throws {
        Self.expectClose(try Bernoulli(logits: logit).entropy().scalarValue, bernoulli, "Bernoulli(logits \(logit)) entropy")
        Self.expectClose(try Geometric(logits: logit).entropy().scalarValue, geometric, "Geometric(logits \(logit)) entropy")
    }

    /// A zero generator gives the first point of the uniform grid, which
    /// stands for the interval [0, 2⁻⁵³) of probability 2⁻⁵³: it must not
    /// land on an outcome of probability 10⁻³⁰⁰ (as u = 0 < 10⁻³⁰⁰ did).
    @Test func theFirstUniformDrawDoesNotPickAVanishingOutcome() throws {
        var generator = ConstantGenerator(value: 0)
        #expect(try Categorical(probs: [1e-300, 1]).sample([3], using: &generator).scalars == [1, 1, 1])
        #expect(try Categorical(logits: [-700, 0]).sample([3], using: &generator).scalars == [1, 1, 1])
        #expect(try Bernoulli(probs: 1e-300).sample([3], using: &generator).scalars == [0, 0, 0])
    }

    /// Draws of logits spread over 10³ (categories of e⁻¹⁰⁰⁰ never drawn
    /// among ones of order 1) against the exact probabilities, by Pearson χ²
    /// at the false-failure rate of `SamplerChecks` (fixed seed), and the
    /// same rows in a batch of two.
    @Test func categoricalDrawsFollowTheirProbabilities() throws {
        let logits = [3, -997, 2, -1000, 0.0]
        let exact = try Categorical(logits: logits).probs.scalars
        let xs = try SamplerChecks.draws(Categorical(logits: logits), 20_000)
        #expect(!xs.contains(1) && !xs.contains(3))
        SamplerChecks.expectFollows(xs, mass: { $0 < exact.count ? exact[$0] : 0 }, "Categorical(logits \(logits))")
        let batch = try SamplerChecks.draws(Categorical(logits: Tensor(rows: [logits, logits.reversed()])), 10_000)
        let first = stride(from: 0, to: batch.count, by: 2).map { batch[$0] }
        let second = stride(from: 1, to: batch.count, by: 2).map { 4 - batch[$0] }
        SamplerChecks.expectFollows(first, mass: { $0 < exact.count ? exact[$0] : 0 }, "first row of a batch")
        SamplerChecks.expectFollows(second, mass: { $0 < exact.count ? exact[$0] : 0 }, "second row of a batch, reversed")
    }
}
