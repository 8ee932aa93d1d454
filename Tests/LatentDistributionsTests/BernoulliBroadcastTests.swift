import LatentCore
@testable import LatentDistributions
import Testing

/// The Bernoulli likelihood under logits when the outcomes broadcast to the
/// logits (the same images under many draws of a latent code): the one-pass
/// kernel over the outcomes spread to the logits' shape must give what the
/// composed −softplus(∓l) gives, value and gradient in the logits. Double:
/// the two evaluate softplus differently (the kernel's exp and log1p lanes),
/// within a few ulps, so 1e-14 relative; the gradient k − σ(l) is a
/// difference of numbers up to 1, so its error is absolute, a few ulps of 1
/// (1e-15).
@Suite("Bernoulli likelihood with broadcast outcomes")
struct BernoulliBroadcastTests {
    @Test func broadcastOutcomesMatchTheComposedFormula() throws {
        var generator = Xoshiro256PlusPlus(seed: 31)
        let logits = try Tensor<Double>.randomNormal([5, 3, 8], standardDeviation: 4, using: &generator)
        let outcomes = try Tensor<Double>(shape: [3, 8], scalars: (0..<24).map { _ in generator.next() % 2 == 0 ? 0 : 1 })
        func composedFormula(_ l: Tensor<Double>) throws -> Tensor<Double> {
            try -softplus(select(where: outcomes.expanded(to: l.shape), -l, l))
        }
        let (kernel, composed) = (try Bernoulli.logitLikelihood(outcomes, logits), try composedFormula(logits))
        let kernelGradient = try valueWithGradient(at: logits) { try Bernoulli.logitLikelihood(outcomes, $0).sum() }.gradient
        let composedGradient = try valueWithGradient(at: logits) { try composedFormula($0).sum() }.gradient
        #expect(kernel.shape == [5, 3, 8])
        for (a, b) in zip(kernel.scalars, composed.scalars) { #expect(abs(a - b) <= 1e-14 * abs(b) + 1e-300) }
        for (a, b) in zip(kernelGradient.scalars, composedGradient.scalars) { #expect(abs(a - b) <= 1e-15) }
    }

    /// Without gradients (evaluation) the values come from a pass that
    /// reads the outcomes in place and skips the derivative: the values of
    /// the differentiated pass, for outcomes that repeat along the logits
    /// (with and without a leading axis of 1) and for outcomes of the
    /// logits' own shape. An element may meet the vector formula in one pass
    /// and the scalar one in the other, each within 6·2⁻²⁴ of the exact
    /// value (`LogitLikelihoodLanesTests`), so within 12·2⁻²⁴ of each other.
    @Test func valuesWithoutGradientsAreThoseOfTheDifferentiatedPass() throws {
        var generator = Xoshiro256PlusPlus(seed: 32)
        let logits = try Tensor<Float>.randomNormal([6, 3, 40], standardDeviation: 4, using: &generator)
        let images = try Tensor<Float>(shape: [3, 40], scalars: (0..<120).map { _ in generator.next() % 2 == 0 ? 0 : 1 })
        for outcomes in [images, try images.reshaped(to: [1, 3, 40]), try images.expanded(to: [6, 3, 40])] {
            let evaluated = try withoutGradients { try Bernoulli.logitLikelihood(outcomes, logits) }
            var differentiated: [Float] = []
            _ = try valueWithGradient(at: logits) { l in
                #expect(l.needsDerivatives)
                let value = try Bernoulli.logitLikelihood(outcomes, l)
                differentiated = value.detached.scalars
                return try value.sum()
            }
            #expect(!logits.needsDerivatives)
            #expect(evaluated.shape == [6, 3, 40])
            let worst = zip(evaluated.scalars, differentiated).map { abs($0 - $1) / abs($1) }.max()!
            #expect(worst <= 12 * 0x1p-24)
        }
    }
}
