/// `value`, recorded as a differentiable function of `inputs` whose partial
/// derivatives ∂value/∂inputᵢ, elementwise, are `partials[i]` (each
/// broadcasting to the value's shape; the gradient of a broadcast input is
/// summed back to its shape).
///
/// For values the tape cannot trace: a sampler's draw z with an implicit
/// reparameterisation gradient (if F(z; θ) = u, then dz/dθ = −(∂F/∂θ)/p(z),
/// Figurnov et al. 2018), or the result of an external solver.
/// - Throws: ``TensorError/invalidArgument(operation:reason:)`` when the
///   counts differ, ``TensorError/shapeMismatch(operation:lhs:rhs:)`` when
///   an input or partial does not broadcast to the value's shape.
public func withKnownDerivatives<S>(
    _ value: Tensor<S>, inputs: [Tensor<S>], partials: [Tensor<S>]
) throws -> Tensor<S> {
    guard inputs.count == partials.count else {
        throw TensorError.invalidArgument(
            operation: "withKnownDerivatives", reason: "\(inputs.count) inputs but \(partials.count) partials")
    }
    for tensor in inputs + partials where !Shape.broadcasts(tensor.shape, to: value.shape) {
        throw TensorError.shapeMismatch(operation: "withKnownDerivatives", lhs: tensor.shape, rhs: value.shape)
    }
    let result = value.detached
    let operation = Operation.knownDerivatives(partials: partials.map(\.detached), inputShapes: inputs.map(\.shape))
    if value.slot != 0 || partials.contains(where: { $0.slot != 0 }) {
        return Tensor(shape: value.shape, storage: value.storage).capturing(operation, inputs: inputs, extras: [value] + partials)
    }
    return result.recorded(operation, inputs: inputs)
}

/// x·log(y) elementwise, taken as 0 where x = 0 (even where y = 0), with
/// gradients that stay finite there (both are taken as 0 where x = 0): the
/// log-likelihood term of an outcome that cannot happen.
/// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)``.
public func xlogy<S>(_ x: Tensor<S>, _ y: Tensor<S>) throws -> Tensor<S> {
    let isZero = try x.mask(equalTo: Tensor(0))
    // Where x = 0, log is taken of 1 instead, so no −∞ or NaN reaches the gradient.
    let safeY = try select(where: isZero, Tensor(1), y)
    return try select(where: isZero, Tensor(0), x * log(safeY))
}
