import LatentCore

/// Entropies of the count families, H = −Σₖ P(k) log P(k), by summation
/// over the bulk of the mass, with the gradient of each parameter θ from
/// the same sum: dH/dθ = −Σₖ P(k) s_θ(k) log P(k), s_θ = ∂ log P/∂θ the
/// score (the term −Σ P s_θ vanishes, since Σ P s_θ = 0).
enum DiscreteEntropy {
    /// More terms than this are not summed: the family's entropy throws
    /// instead (about a second of work).
    static let largestSum = 4_000_000.0

    /// H and its gradient over k = lower, lower + 1, …, upper.
    /// - Throws: ``SpecialFunctionError/evaluationFailed(function:arguments:reason:)``
    ///   naming `function` where the range holds more than ``largestSum`` values.
    static func sum(
        _ function: String, _ parameters: [Double], from lower: Double, to upper: Double,
        _ logMass: (Double) -> (value: Double, scores: [Double])
    ) throws -> (entropy: Double, gradient: [Double]) {
        let (low, high) = (lower.rounded(.down), upper.rounded(.up))
        guard high - low <= largestSum else {
            throw SpecialFunctionError.evaluationFailed(
                function: function, arguments: parameters,
                reason: "the bulk of the mass spans \(high - low) values, beyond the \(Int(largestSum)) summed, and no asymptotic series applies")
        }
        var entropy = 0.0, gradient = parameters.map { _ in 0.0 }
        var k = low
        while k <= high {
            let (logP, scores) = logMass(k)
            if logP > -.infinity {
                let weight = Double.exp(logP) * logP
                entropy -= weight
                for j in gradient.indices { gradient[j] -= weight * scores[j] }
            }
            k += 1
        }
        return (entropy, gradient)
    }

    /// The entropy of a lattice distribution near a Gaussian of variance v
    /// and skewness γ₁: H = ½ log(2πe v) − γ₁²/12 + O(1/v²) (the Edgeworth
    /// expansion; the lattice's own correction is exponentially small in v).
    static func gaussianLimit(variance v: Double, skewnessSquared: Double) -> Double {
        0.5 * Double.log(2 * Double.pi * Double.exp(1) * v) - skewnessSquared / 12
    }

    /// Variances above this use ``gaussianLimit(variance:skewnessSquared:)``
    /// (where the skewness is small too): the O(1/v²) left out is below 1e-16.
    static let gaussianVariance = 1e8

    /// H elementwise over the broadcast of `inputs`, from a scalar routine
    /// giving the entropy and its partial derivatives.
    static func elementwise<S>(
        _ inputs: [Tensor<S>], batchShape: [Int], _ f: @escaping ([Double]) throws -> (entropy: Double, gradient: [Double])
    ) throws -> Tensor<S> {
        try Univariate.elementwise(inputs.map { try $0.expanded(to: batchShape) }) { v in
            let (entropy, gradient) = try f(v)
            return (entropy, gradient)
        }
    }
}
