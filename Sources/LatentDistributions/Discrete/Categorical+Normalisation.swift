import LatentCore

/// Normalised log-probabilities from probabilities or logits, exact to the
/// last digit of the largest category as well as the smallest ones: the
/// normaliser is taken as log1p of the sum of the others relative to the
/// largest, so that a remainder far below 2⁻⁵³ (a category of 10⁻²⁰ beside
/// one of 1, logits 40 apart) still reaches the largest category's log
/// (−10⁻²⁰, where log(1 + 10⁻²⁰) would round to 0) and the entropy.
extension Categorical {
    /// log(pₖ / Σⱼ pⱼ) along the last axis of `probs`, checked on behalf of
    /// `family` (whose name the errors carry): no negative entry, no row
    /// summing to 0, no NaN, rank at least 1. With a the largest category
    /// of its row, log(pₖ/Σ) = log pₖ − log pₐ − log1p(Σⱼ≠ₐ pⱼ/pₐ).
    static func logProbabilities(
        of probs: Tensor<Scalar>, for family: Any.Type, validating: Bool
    ) throws -> Tensor<Scalar> {
        try requireCategories(probs, of: family, parameter: "probs")
        let total = try probs.sum(alongAxes: [-1], keepingDims: true)
        try checkParameters(
            ["probs": (probs, .nonNegative), "probs": (probs, .finite), "probs (row sum)": (total, .positive)],
            of: family, validating: validating)
        let largest = try largestOfEachRow(probs)
        let peak = try select(where: largest, probs, Tensor(0)).sum(alongAxes: [-1], keepingDims: true)
        let others = try select(where: largest, Tensor(0), probs).sum(alongAxes: [-1], keepingDims: true)
        // Zero probabilities give −∞ without a 0/0 in the gradient of log.
        let isZero = try probs.mask(equalTo: Tensor(0))
        let logs = try select(where: isZero, Tensor(-.infinity), log(select(where: isZero, Tensor(1), probs)))
        return try logs - log(peak) - log1p(others / peak)
    }

    /// The log-softmax of `logits` along the last axis, with a the largest
    /// logit of its row: (lₖ − lₐ) − log1p(Σⱼ≠ₐ e^(lⱼ − lₐ)).
    static func logProbabilities(ofLogits logits: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let largest = try largestOfEachRow(logits)
        let shifted = try logits - select(where: largest, logits, Tensor(0)).sum(alongAxes: [-1], keepingDims: true)
        let others = try select(where: largest, Tensor(0), exp(shifted)).sum(alongAxes: [-1], keepingDims: true)
        return try shifted - log1p(others)
    }

    /// A mask of `values`' shape that is 1 at the first largest entry of
    /// each row (along the last axis), 0 elsewhere; the largest entry is
    /// then the masked row's sum (the other terms are exact zeros).
    private static func largestOfEachRow(_ values: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let k = values.shape.last!
        // A kernel, so that a compiled step finds each replay's largest entries.
        return try elementwiseKernel([values.detached], outputs: 1) { inputs, outputs, count in
            let (scalars, mask) = (inputs[0], outputs[0])
            for start in stride(from: 0, to: count, by: k) {
                var best = 0
                for j in 1..<k where scalars[start + j] > scalars[start + best] { best = j }
                for j in 0..<k { mask[start + j] = j == best ? 1 : 0 }
            }
        }[0]
    }
}
