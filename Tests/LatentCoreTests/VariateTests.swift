import CGSL
import LatentCore
import LatentTestSupport
import Testing

/// One sampler under test, with GSL's CDF of the distribution it should
/// follow and its exact mean, variance and fourth central moment.
struct VariateCase: Sendable, CustomTestStringConvertible {
    let name: String
    let draw: @Sendable (inout Xoshiro256PlusPlus) -> Double
    let cdf: @Sendable (Double) -> Double
    let mean: Double
    let variance: Double
    let fourthCentralMoment: Double

    var testDescription: String { name }

    static func gamma(_ a: Double, float: Bool) -> VariateCase {
        VariateCase(
            name: "gamma(\(a)) \(float ? "Float" : "Double")",
            draw: { float ? Double(Float.randomGamma(shape: Float(a), using: &$0)) : Double.randomGamma(shape: a, using: &$0) },
            cdf: { gsl_cdf_gamma_P($0, a, 1) }, mean: a, variance: a, fourthCentralMoment: 3 * a * a + 6 * a)
    }
}

let variateCases: [VariateCase] = [
    VariateCase(name: "uniform Double", draw: { Double.randomUniform(using: &$0) },
                cdf: { gsl_cdf_flat_P($0, 0, 1) }, mean: 0.5, variance: 1.0 / 12, fourthCentralMoment: 1.0 / 80),
    VariateCase(name: "uniform Float", draw: { Double(Float.randomUniform(using: &$0)) },
                cdf: { gsl_cdf_flat_P($0, 0, 1) }, mean: 0.5, variance: 1.0 / 12, fourthCentralMoment: 1.0 / 80),
    VariateCase(name: "normal Double", draw: { Double.randomNormal(using: &$0) },
                cdf: { gsl_cdf_ugaussian_P($0) }, mean: 0, variance: 1, fourthCentralMoment: 3),
    VariateCase(name: "normal Float", draw: { Double(Float.randomNormal(using: &$0)) },
                cdf: { gsl_cdf_ugaussian_P($0) }, mean: 0, variance: 1, fourthCentralMoment: 3),
    VariateCase(name: "exponential Double", draw: { Double.randomExponential(using: &$0) },
                cdf: { gsl_cdf_exponential_P($0, 1) }, mean: 1, variance: 1, fourthCentralMoment: 9),
    VariateCase(name: "exponential Float", draw: { Double(Float.randomExponential(using: &$0)) },
                cdf: { gsl_cdf_exponential_P($0, 1) }, mean: 1, variance: 1, fourthCentralMoment: 9),
    .gamma(0.3, float: false), .gamma(1, float: false), .gamma(2.5, float: false), .gamma(30, float: false),
    .gamma(0.3, float: true), .gamma(2.5, float: true),
]

@Suite("Variate generators follow their distributions (GSL CDFs)")
struct VariateTests {
    static let sampleSize = 100_000
    /// Each test rejects a correct sampler with probability at most 1e-6.
    static let falseFailureRate = 1e-6

    static func sample(_ testCase: VariateCase, seed: UInt64 = 2024) -> [Double] {
        var generator = Xoshiro256PlusPlus(seed: seed)
        return (0..<sampleSize).map { _ in testCase.draw(&generator) }
    }

    /// Kolmogorov–Smirnov against GSL's CDF at level 1e-6.
    @Test(arguments: variateCases)
    func passesKolmogorovSmirnov(_ testCase: VariateCase) {
        let test = KolmogorovSmirnov(sample: Self.sample(testCase), cdf: testCase.cdf)
        #expect(test.pValue > Self.falseFailureRate, "\(testCase.name): D = \(test.statistic), p = \(test.pValue)")
    }

    /// Sample mean within 5σ/√n and sample variance within 5 standard errors
    /// ((μ₄ − σ⁴)/n): two-sided 5σ bounds fail a correct sampler with
    /// probability 5.7e-7 each by the CLT.
    @Test(arguments: variateCases)
    func momentsWithinFiveStandardErrors(_ testCase: VariateCase) {
        let x = Self.sample(testCase, seed: 77)
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        #expect(abs(mean - testCase.mean) <= 5 * (testCase.variance / n).squareRoot())
        let varianceError = ((testCase.fourthCentralMoment - testCase.variance * testCase.variance) / n).squareRoot()
        #expect(abs(variance - testCase.variance) <= 5 * varianceError)
    }

    /// A draw that keeps one normal of a Box–Muller pair (``randomNormal``,
    /// the glyphs' pixel noise) computes it without the pair's sine: it must
    /// be the pair's first to the bit, or every seeded run would change.
    @Test func firstNormalIsThePairsFirstToTheBit() {
        var generator = Xoshiro256PlusPlus(seed: 77)
        let edges: [(UInt64, UInt64)] = [(0, 0), (.max, .max), (0, .max), (.max, 0), (1 << 11, 1 << 11)]
        let words = edges + (0..<10_000).map { _ in (generator.next(), generator.next()) }
        for (first, second) in words {
            #expect(Double.firstNormal(words: first, second).bitPattern == Double.normalPair(words: first, second).0.bitPattern)
        }
        var (a, b) = (Xoshiro256PlusPlus(seed: 78), Xoshiro256PlusPlus(seed: 78))
        for _ in 0..<1_000 {
            let pair = Double.normalPair(words: b.next(), b.next())
            #expect(Double.randomNormal(using: &a).bitPattern == pair.0.bitPattern)
        }
    }

    /// The test has power: a normal sampler shifted by 0.03σ is rejected.
    @Test func kolmogorovSmirnovRejectsAWrongSampler() {
        var generator = Xoshiro256PlusPlus(seed: 2024)
        let shifted = (0..<Self.sampleSize).map { _ in Double.randomNormal(using: &generator) + 0.03 }
        let test = KolmogorovSmirnov(sample: shifted, cdf: { gsl_cdf_ugaussian_P($0) })
        #expect(test.pValue < Self.falseFailureRate)
    }

    @Test func tensorFillsFollowTheRequestedMeanAndScale() throws {
        var generator = Xoshiro256PlusPlus(seed: 3)
        let x = try Tensor<Double>.randomNormal([Self.sampleSize], mean: 2, standardDeviation: 3, using: &generator)
        let standardized = x.scalars.map { ($0 - 2) / 3 }
        #expect(KolmogorovSmirnov(sample: standardized, cdf: { gsl_cdf_ugaussian_P($0) }).pValue > Self.falseFailureRate)
        let e = try Tensor<Double>.randomExponential([Self.sampleSize], rate: 4, using: &generator)
        #expect(KolmogorovSmirnov(sample: e.scalars, cdf: { gsl_cdf_exponential_P($0, 0.25) }).pValue > Self.falseFailureRate)
        let g = try Tensor<Float>.randomGamma([Self.sampleSize], concentration: 3, rate: 2, using: &generator)
        #expect(KolmogorovSmirnov(sample: g.scalars.map(Double.init), cdf: { gsl_cdf_gamma_P($0, 3, 0.5) }).pValue > Self.falseFailureRate)
        let u = try Tensor<Float>.randomUniform([Self.sampleSize], lower: -1, upper: 3, using: &generator)
        let unit = u.scalars.map { (Double($0) + 1) / 4 }
        #expect(KolmogorovSmirnov(sample: unit, cdf: { gsl_cdf_flat_P($0, 0, 1) }).pValue > Self.falseFailureRate)
    }
}
