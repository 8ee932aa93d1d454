/// The reverse sweep over a tape: from the output back to the leaves,
/// asking ``DerivativeRules`` for each node's input gradients and adding up
/// the gradients of a tensor used more than once.
extension Tape {
    /// The gradients of every node with respect to which `output` was
    /// computed, seeded with `seed` (the gradient of the final value with
    /// respect to `output`). Consumes the tape: each node is moved out and
    /// handed to its rule, and intermediate gradients are released as soon
    /// as they have been propagated; leaves keep theirs.
    @inlinable
    func gradients(from output: Int, seed: Tensor<Scalar>) -> [Tensor<Scalar>?] {
        var gradients = [Tensor<Scalar>?](repeating: nil, count: output + 1)
        gradients[output] = seed
        for index in stride(from: output, through: 0, by: -1) {
            let operation = (operations + index).move()
            let node = (inputs + index).move()
            guard let g = gradients[index].take() else { continue }
            if case .leaf = operation {
                gradients[index] = g
                continue
            }
            let needsFirst = node.first != TapeInputs.untracked
            let needsSecond = node.second != TapeInputs.untracked
            var inputs = DerivativeRules.pullback(operation, g, needsFirst: needsFirst, needsSecond: needsSecond)
            if needsFirst, let gradient = inputs.first.take() { accumulate(gradient, into: &gradients[node.first]) }
            if needsSecond, let gradient = inputs.second.take() { accumulate(gradient, into: &gradients[node.second]) }
            for (input, gradient) in zip(node.rest, inputs.rest) where input != TapeInputs.untracked {
                if let gradient { accumulate(gradient, into: &gradients[input]) }
            }
        }
        // Operations recorded after the output play no part in its gradient.
        (operations + output + 1).deinitialize(count: count - output - 1)
        (inputs + output + 1).deinitialize(count: count - output - 1)
        count = 0
        return gradients
    }

    /// `total += g`, in place when `total` owns its buffer alone.
    @inlinable
    func accumulate(_ g: consuming Tensor<Scalar>, into total: inout Tensor<Scalar>?) {
        guard var sum = total.take() else {
            total = g
            return
        }
        if isKnownUniquelyReferenced(&sum.storage) {
            let dst = sum.storage.base, src = g.storage.base
            for i in 0..<sum.count { dst[i] += src[i] }
            total = sum
        } else {
            total = Kernels.zip(sum, g, +)
        }
    }
}
