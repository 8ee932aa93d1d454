import LatentCore

/// A one-hidden-layer MADE (Germain et al. 2015): from x ∈ ℝᴰ it computes a
/// shift m(x) and a gate g(x) whose i-th entries depend only on the inputs
/// that come before i in `order`, by masking the weights: hidden unit k
/// has degree dₖ ∈ 1…D−1 and sees inputs of degree ≤ dₖ; output i sees
/// hidden units of degree < its own. The Jacobian of an update
/// z′ = σ(g(z))⊙z + (1 − σ(g(z)))⊙m(z) is then triangular in that order.
struct MaskedAutoregressiveNetwork<Scalar: TensorScalar> {
    /// H×D: hidden unit k sees input i.
    let inputMask: Tensor<Scalar>
    /// D×H: output i sees hidden unit k.
    let outputMask: Tensor<Scalar>

    /// - Parameters:
    ///   - order: the autoregressive order, a permutation of 0..<D (input
    ///     `order[0]` comes first and its outputs depend on nothing).
    init(order: [Int], hiddenUnits: Int) throws {
        let d = order.count
        var degree = [Int](repeating: 0, count: d)
        for (position, input) in order.enumerated() { degree[input] = position + 1 }
        let hiddenDegree = (0..<hiddenUnits).map { $0 % Swift.max(d - 1, 1) + 1 }
        inputMask = try Tensor(shape: [hiddenUnits, d], scalars: hiddenDegree.flatMap { h in degree.map { $0 <= h ? 1 : 0 } })
        outputMask = try Tensor(shape: [d, hiddenUnits], scalars: degree.flatMap { i in hiddenDegree.map { i > $0 ? 1 : 0 } })
    }

    /// The learnable weights of one network.
    struct Weights {
        let input: Tensor<Scalar>, inputBias: Tensor<Scalar>
        let shift: Tensor<Scalar>, shiftBias: Tensor<Scalar>
        let gate: Tensor<Scalar>, gateBias: Tensor<Scalar>
    }

    /// (m(x), g(x)) for x of shape [D].
    func callAsFunction(_ x: Tensor<Scalar>, _ w: Weights) throws -> (shift: Tensor<Scalar>, gate: Tensor<Scalar>) {
        let hidden = try relu(matmul(w.input * inputMask, x) + w.inputBias)
        return (try matmul(w.shift * outputMask, hidden) + w.shiftBias, try matmul(w.gate * outputMask, hidden) + w.gateBias)
    }
}
