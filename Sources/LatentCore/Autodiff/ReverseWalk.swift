/// The reverse sweep over a tape: from the output back to the leaves,
/// asking ``DerivativeRules`` for each node's input gradients and adding up
/// the gradients of a tensor used more than once.
extension Tape {
    /// The gradients of every node with respect to which `output` was
    /// computed, seeded with `seed` (the gradient of the final value with
    /// respect to `output`). Entries for intermediate nodes are released as
    /// soon as they have been propagated; leaves keep theirs.
    @inlinable
    func gradients(from output: Int, seed: Tensor<Scalar>) -> [Tensor<Scalar>?] {
        var gradients = [Tensor<Scalar>?](repeating: nil, count: output + 1)
        gradients[output] = seed
        for index in stride(from: output, through: 0, by: -1) {
            let node = nodes[index]
            if case .leaf = node.operation { continue }
            guard let g = gradients[index] else { continue }
            gradients[index] = nil
            let needsFirst = node.first != TapeNode<Scalar>.untracked
            let needsSecond = node.second != TapeNode<Scalar>.untracked
            let inputs = DerivativeRules.pullback(node.operation, g, needsFirst: needsFirst, needsSecond: needsSecond)
            if needsFirst, let first = inputs.first { accumulate(first, into: &gradients[node.first]) }
            if needsSecond, let second = inputs.second { accumulate(second, into: &gradients[node.second]) }
            for (input, gradient) in zip(node.rest, inputs.rest) where input != TapeNode<Scalar>.untracked {
                if let gradient { accumulate(gradient, into: &gradients[input]) }
            }
        }
        return gradients
    }

    /// `total += g`, in place when `total` owns its buffer alone.
    @inlinable
    func accumulate(_ g: Tensor<Scalar>, into total: inout Tensor<Scalar>?) {
        guard var sum = total else {
            total = g
            return
        }
        total = nil
        if isKnownUniquelyReferenced(&sum.storage) {
            let dst = sum.storage.base, src = g.storage.base
            for i in 0..<sum.count { dst[i] += src[i] }
            total = sum
        } else {
            total = Kernels.zip(sum, g, +)
        }
    }
}
