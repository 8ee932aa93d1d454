import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// What is special to Float beyond the conformance checks, which run over
/// the case table in both precisions (`DistributionConformanceTests`).
@Suite("Float agrees with Double")
struct FloatConformanceTests {
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
