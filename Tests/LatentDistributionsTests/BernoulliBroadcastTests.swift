import Foundation
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

    /// `Independent` over the pixels without gradients (`vae eval`'s
    /// importance weights: 64 draws of 32 images) sums each image's row as
    /// it computes it. The sums must have the bits of summing the per-pixel
    /// values with `sum(alongAxes:)`, and match −Σ softplus(∓l) in Double:
    /// each Float term is within 6·2⁻²⁴ of its value and the eight-lane sum
    /// of 784 terms adds at most (784/8 + 3)·2⁻²⁴ of Σ|terms|, so 1e-5 of
    /// Σ|terms| bounds both.
    @Test func imageSumsWithoutGradientsAreThoseOfSummingThePixels() throws {
        var generator = Xoshiro256PlusPlus(seed: 33)
        let (draws, images, pixels) = (64, 32, 784)
        let logits = try Tensor<Float>.randomNormal([draws, images, pixels], standardDeviation: 4, using: &generator)
        let outcomes = try Tensor<Float>(shape: [images, pixels], scalars: (0..<(images * pixels)).map { _ in
            generator.next() % 7 == 0 ? 1 : 0
        })
        let likelihood = try Independent(Bernoulli(logits: logits), reinterpretedBatchRank: 1)
        let sums = try withoutGradients { try likelihood.logProb(of: outcomes) }
        // …through the one pass, not the general path.
        #expect(try Bernoulli(logits: logits).logProbSummedOverLastAxis(of: outcomes) != nil)
        let summedPixels = try Bernoulli(logits: logits).logProb(of: outcomes).sum(alongAxes: [2])
        #expect(sums.shape == [draws, images])
        #expect(sums.scalars.map(\.bitPattern) == summedPixels.scalars.map(\.bitPattern))
        let (l, k) = (logits.scalars, outcomes.scalars)
        for row in [0, 1, 31, 32, 1_000, draws * images - 1] {
            var (exact, magnitude) = (0.0, 0.0)
            for j in 0..<pixels {
                let logit = Double(l[row * pixels + j])
                let signed = k[(row % images) * pixels + j] == 1 ? -logit : logit
                let term = -(Swift.max(signed, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(signed))))
                (exact, magnitude) = (exact + term, magnitude + Swift.abs(term))
            }
            #expect(abs(Double(sums.scalars[row]) - exact) <= 1e-5 * magnitude, "row \(row)")
        }
    }

    /// Rows whose length is not a multiple of eight, and logits that need
    /// derivatives, take the general path.
    @Test func theOnePassStaysWhereItsBitsAreExact() throws {
        var generator = Xoshiro256PlusPlus(seed: 35)
        let outcomes = try Tensor<Float>(shape: [3, 12], scalars: (0..<36).map { _ in Float(generator.next() % 2) })
        let ragged = try Tensor<Float>.randomNormal([2, 3, 12], using: &generator)
        #expect(try Bernoulli(logits: ragged).logProbSummedOverLastAxis(of: outcomes) == nil)
        let logits = try Tensor<Float>.randomNormal([2, 3, 16], using: &generator)
        let images = try Tensor<Float>(shape: [3, 16], scalars: (0..<48).map { _ in Float(generator.next() % 2) })
        _ = try valueWithGradient(at: logits) { l in
            #expect(try Bernoulli(logits: l).logProbSummedOverLastAxis(of: images) == nil)
            return try Independent(Bernoulli(logits: l), reinterpretedBatchRank: 1).logProb(of: images).sum()
        }
    }

    /// An outcome outside {0, 1} leaves the one-pass sums to the general
    /// path: that image's log-likelihood is −∞ under every draw, the other
    /// images' are unchanged.
    @Test func anOutcomeOutsideTheSupportMakesItsImageImpossible() throws {
        var generator = Xoshiro256PlusPlus(seed: 34)
        let logits = try Tensor<Float>.randomNormal([4, 3, 16], using: &generator)
        var scalars = (0..<48).map { _ in Float(generator.next() % 2) }
        let valid = try withoutGradients {
            try Independent(Bernoulli(logits: logits), reinterpretedBatchRank: 1).logProb(of: Tensor(shape: [3, 16], scalars: scalars))
        }
        scalars[16 + 5] = 0.5
        let sums = try withoutGradients {
            try Independent(Bernoulli(logits: logits), reinterpretedBatchRank: 1).logProb(of: Tensor(shape: [3, 16], scalars: scalars))
        }.scalars
        for draw in 0..<4 {
            #expect(sums[draw * 3 + 1] == -.infinity)
            #expect(sums[draw * 3] == valid.scalars[draw * 3] && sums[draw * 3 + 2] == valid.scalars[draw * 3 + 2])
        }
    }
}
