import LatentCore

// Adam's update of a compiled SVI step's parameters: the same arithmetic as
// a step by name, without a dictionary look-up or a tensor per parameter
// per step. While a compiled step replays, the moments of its parameters
// live in buffers of the binding, in the step's order; reading or setting
// ``Adam/moments``, or any step by name, puts them back first.

extension Adam {
    /// The moments of one compiled step's parameters, in its order, each in
    /// a buffer of its own.
    final class Binding {
        /// The compiled step the moments are bound to.
        let owner: ObjectIdentifier
        let names: [String]
        let shapes: [[Int]]
        let first: [UnsafeMutableBufferPointer<Scalar>]
        let second: [UnsafeMutableBufferPointer<Scalar>]
        // Read and written only by the one step in progress.
        @exclusivity(unchecked) var steps: [Int]

        init(owner: ObjectIdentifier, names: [String], moments: [Moments]) {
            self.owner = owner
            self.names = names
            shapes = moments.map(\.first.shape)
            first = moments.map { Self.buffer(copying: $0.first) }
            second = moments.map { Self.buffer(copying: $0.second) }
            steps = moments.map(\.steps)
        }

        deinit {
            for buffer in first + second { buffer.deallocate() }
        }

        private static func buffer(copying tensor: Tensor<Scalar>) -> UnsafeMutableBufferPointer<Scalar> {
            let buffer = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: tensor.count)
            _ = tensor.withUnsafeScalars { buffer.initialize(from: $0) }
            return buffer
        }

        /// The moments of parameter `index`, as tensors of their own.
        func moments(_ index: Int) throws -> Moments {
            Moments(first: try Tensor(shape: shapes[index], scalars: Array(first[index])),
                    second: try Tensor(shape: shapes[index], scalars: Array(second[index])), steps: steps[index])
        }
    }

    /// One step for the parameters `names` at `positions` in the store, with
    /// their gradients at `gradients` (each of its parameter's size, in the
    /// same order): the update of ``step(_:names:gradients:)``, to the bit.
    /// `owner` names the compiled step calling, whose parameters' moments
    /// stay bound to it from one call to the next. Where `copies[i]` is
    /// given (the compiled step's own copy of parameter i, holding its
    /// current value) the new value is written there, in place, and handed
    /// over to the store (``ParameterStore/handOver(at:to:finite:)``), so
    /// that each new value is written once and the next step reads it where
    /// it lies; otherwise the store's value is updated in place.
    /// The parameters are updated last to first: a step's parameters are
    /// in the order the step first reads them, so the first ones the next
    /// step reads (an encoder's first layer, whose rows the sparse product
    /// gathers at random) are the ones still in cache.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func step(
        _ parameters: ParameterStore<Scalar>, positions: [Int], names: [String],
        gradients: [UnsafeBufferPointer<Scalar>], copies: [Tensor<Scalar>?], owner: ObjectIdentifier
    ) throws {
        if binding?.owner != owner { try bind(names, positions: positions, in: parameters, owner: owner) }
        let binding = binding!
        for index in positions.indices.reversed() {
            binding.steps[index] += 1
            let (t, g, m, v) = (binding.steps[index], gradients[index], binding.first[index], binding.second[index])
            guard let copy = copies[index] else {
                parameters.updateUnconstrainedScalars(at: positions[index]) { theta in update(theta, g, m, v, t: t) }
                continue
            }
            // The copy's buffer is the compiled program's, which holds it too: written through its address.
            let theta = UnsafeMutableBufferPointer(mutating: copy.withUnsafeScalars { $0 })
            parameters.handOver(at: positions[index], to: copy, finite: update(theta, g, m, v, t: t))
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
        for (index, name) in binding.names.enumerated() { storedMoments[name] = try? binding.moments(index) }
        self.binding = nil
    }
}
