import LatentCore

/// A score-function baseline: the decaying average b ← γb + (1 − γ)c of
/// past costs c, started at the first one. Subtracting it from the cost
/// leaves the REINFORCE gradient unbiased (b does not depend on the draw)
/// and removes most of its variance when costs drift slowly.
struct Baseline<Scalar: TensorScalar> {
    let decay: Scalar
    private var value: Scalar?

    init(decay: Scalar) { self.decay = decay }

    /// The baseline to use against `cost` (the average before it), then
    /// folds `cost` in.
    mutating func update(with cost: Scalar) -> Scalar {
        let b = value ?? cost
        value = decay * b + (1 - decay) * cost
        return b
    }
}
