import LatentCore

// Adam's update of a compiled SVI step's parameters: the same arithmetic as
// a step by name, without a dictionary look-up per parameter per step. While
// a compiled step replays, the moments of its parameters are held in a list
// in the step's order (the binding); reading or setting ``Adam/moments``,
// or any step by name, puts them back first.

extension Adam {
    /// The moments of one compiled step's parameters, in its order.
    final class Binding {
        /// The compiled step the moments are bound to.
        let owner: ObjectIdentifier
        let names: [String]
        // Read and written only by the one step in progress.
        @exclusivity(unchecked) var first: [Tensor<Scalar>]
        @exclusivity(unchecked) var second: [Tensor<Scalar>]
        @exclusivity(unchecked) var steps: [Int]

        init(owner: ObjectIdentifier, names: [String], moments: [Moments]) {
            self.owner = owner
            self.names = names
            first = moments.map(\.first)
            second = moments.map(\.second)
            steps = moments.map(\.steps)
        }

        /// The moments of parameter `index`.
        func moments(_ index: Int) -> Moments {
            Moments(first: first[index], second: second[index], steps: steps[index])
        }
    }

    /// One step for the parameters `names` at `positions` in the store, with
    /// the gradients in the same order: the update of
    /// ``step(_:names:gradients:)``, to the bit. `owner` names the
    /// compiled step calling, whose parameters' moments stay bound to it
    /// from one call to the next.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func step(
        _ parameters: ParameterStore<Scalar>, positions: [Int], names: [String], gradients: [Tensor<Scalar>],
        owner: ObjectIdentifier
    ) throws {
        if clipNorm != nil { return try step(parameters, names: names, gradients: gradients) }
        if binding?.owner != owner { try bind(names, positions: positions, in: parameters, owner: owner) }
        let binding = binding!
        for index in positions.indices {
            binding.steps[index] += 1
            let t = binding.steps[index]
            gradients[index].withUnsafeScalars { g in
                binding.first[index].withUnsafeMutableScalars { m in
                    binding.second[index].withUnsafeMutableScalars { v in
                        parameters.updateUnconstrainedScalars(at: positions[index]) { theta in update(theta, g, m, v, t: t) }
                    }
                }
            }
        }
    }

    /// Moves the moments of `names` (zeros for a parameter without them)
    /// into a binding for `owner`, after checking their shapes.
    private func bind(_ names: [String], positions: [Int], in parameters: ParameterStore<Scalar>, owner: ObjectIdentifier) throws {
        releaseBinding()
        var bound: [Moments] = []
        for (name, position) in zip(names, positions) {
            let shape = parameters.unconstrainedValue(at: position).shape
            let moments = try storedMoments[name] ?? Moments(first: Tensor.zeros(shape), second: Tensor.zeros(shape), steps: 0)
            guard moments.first.shape == shape, moments.second.shape == shape else {
                throw InferenceError.invalidParameter(
                    name: name, reason: "Adam moments of shape \(moments.first.shape) for a parameter of shape \(shape)")
            }
            bound.append(moments)
        }
        for name in names { storedMoments[name] = nil }
        binding = Binding(owner: owner, names: names, moments: bound)
    }

    /// Puts the bound moments back among the others.
    func releaseBinding() {
        guard let binding else { return }
        for (index, name) in binding.names.enumerated() { storedMoments[name] = binding.moments(index) }
        self.binding = nil
    }
}
