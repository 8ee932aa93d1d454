import LatentCore

extension LBFGS {
    /// Minimises a deterministic loss over the parameters it reads from
    /// `store` (in their unconstrained space), and leaves them at the
    /// minimiser: MAP with ``AutoDelta``, the mode for
    /// ``AutoLaplaceApproximation``, any fit whose loss has no Monte Carlo
    /// noise. For example:
    ///
    ///     let guide = AutoDelta(model: model)
    ///     try LBFGS().minimize(context.parameters) {
    ///         try TraceELBO().loss(model: model, guide: guide.callAsFunction, context: context)
    ///     }
    ///
    /// The parameters are those the first evaluation reads, flattened in the
    /// order it reads them. A point where the loss or a gradient is not
    /// finite makes the line search back off.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` when the
    ///   loss reads no parameter or is not finite at the start; whatever
    ///   the loss throws.
    @discardableResult
    public func minimize(_ store: ParameterStore<Scalar>, loss: () throws -> Tensor<Scalar>) throws -> LBFGSResult<Scalar> {
        var names: [String] = []
        var shapes: [[Int]] = []
        func evaluate() throws -> (value: Scalar, gradients: [Tensor<Scalar>]) {
            let (value, gradients) = try valueWithGradients { (scope: DifferentiationScope<Scalar>) in
                let (value, tracked) = try store.tracking(in: scope) { try loss() }
                if names.isEmpty {
                    names = tracked
                    shapes = tracked.map { store.unconstrainedValue($0)!.shape }
                }
                return value
            }
            return (try value.scalarValue, gradients)
        }
        let start = try evaluate()
        guard !names.isEmpty else {
            throw InferenceError.invalidArgument(name: "loss", reason: "reads no parameter of the store")
        }
        let sizes = shapes.map { $0.reduce(1, *) }
        func unpack(_ x: [Scalar]) throws {
            var offset = 0
            for (index, name) in names.enumerated() {
                store.setUnconstrainedValue(name, try Tensor(shape: shapes[index], scalars: Array(x[offset..<(offset + sizes[index])])))
                offset += sizes[index]
            }
        }
        let x0 = names.flatMap { store.unconstrainedValue($0)!.scalars }
        let result = try minimize(from: x0) { x in
            if x == x0 { return (start.value, start.gradients.flatMap(\.scalars)) }
            try unpack(x)
            let (value, gradients) = try evaluate()
            return (value, gradients.flatMap(\.scalars))
        }
        try unpack(result.minimizer)
        return result
    }
}
