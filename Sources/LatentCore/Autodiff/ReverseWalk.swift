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
        // Nodes are read in place through the buffer, never copied: a copy
        // would retain every tensor an operation saved.
        nodes.withUnsafeBufferPointer { nodes in
            for index in stride(from: output, through: 0, by: -1) {
                let node = UnsafePointer(nodes.baseAddress! + index)
                if case .leaf = node.pointee.operation { continue }
                guard let g = gradients[index].take() else { continue }
                let first = node.pointee.first, second = node.pointee.second
                let needsFirst = first != TapeNode<Scalar>.untracked
                let needsSecond = second != TapeNode<Scalar>.untracked
                var inputs = DerivativeRules.pullback(
                    node.pointee.operation, g, needsFirst: needsFirst, needsSecond: needsSecond)
                if needsFirst, let gradient = inputs.first.take() { accumulate(gradient, into: &gradients[first]) }
                if needsSecond, let gradient = inputs.second.take() { accumulate(gradient, into: &gradients[second]) }
                for (input, gradient) in zip(node.pointee.rest, inputs.rest) where input != TapeNode<Scalar>.untracked {
                    if let gradient { accumulate(gradient, into: &gradients[input]) }
                }
            }
        }
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
