import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// Pathwise gradients are unbiased: ∇θ of the Monte Carlo mean of rsample
/// estimates ∇θ E[X], which the closed-form `mean` gives exactly (through
/// reverse mode on its formula).
@Suite("Reparameterised draws give unbiased gradients")
struct PathwiseGradientTests {
    static let batches = 30, drawsPerBatch = 2_000
    /// Student t quantile for a two-sided 1e-6 level on 29 degrees of freedom.
    static let tBound = 6.17

    @Test(arguments: distributionCases)
    func gradientOfTheMeanOfDrawsEstimatesTheGradientOfTheMean(_ testCase: DistributionCase<Double>) throws {
        let parameters = testCase.parameters.map { Tensor($0) }
        guard let moments = try testCase.build(parameters) as? any DistributionWithMoments<Double>,
              try moments.mean.scalarValue.isFinite, try moments.variance.scalarValue.isFinite,
              try testCase.build(parameters) is any ReparameterizedDistribution<Double>
        else { return }
        let exact = try valueWithGradient(at: parameters) { p in
            try (testCase.build(p) as! any DistributionWithMoments<Double>).mean.sum()
        }.gradients.map { try $0.scalarValue }
        var generator = Xoshiro256PlusPlus(seed: 99)
        var estimates: [[Double]] = []
        for _ in 0..<Self.batches {
            let gradients = try valueWithGradient(at: parameters) { p in
                let distribution = try testCase.build(p) as! any ReparameterizedDistribution<Double>
                return try distribution.rsample([Self.drawsPerBatch], using: &generator).mean()
            }.gradients
            estimates.append(try gradients.map { try $0.scalarValue })
        }
        for (index, truth) in exact.enumerated() {
            let values = estimates.map { $0[index] }
            let k = Double(values.count)
            let average = values.reduce(0, +) / k
            let spread = (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / (k - 1)).squareRoot()
            #expect(abs(average - truth) <= Self.tBound * spread / k.squareRoot() + 1e-9 * max(1, abs(truth)),
                    "\(testCase.name): ∂E[X]/∂θ\(index) = \(truth), pathwise estimate \(average) ± \(spread / k.squareRoot())")
        }
    }
}
