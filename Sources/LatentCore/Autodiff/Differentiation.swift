/// Reverse-mode differentiation of functions of tensors.
///
/// `f` runs once, recording every operation on its arguments to a tape; the
/// tape is then swept backwards from the result. The result must hold one
/// scalar (a loss). Tensors that `f` captures from outside are constants.
/// Differentiations nest: inside an inner one, the outer one's tensors are
/// constants (there are no higher-order derivatives).
///
/// - Throws: whatever `f` throws, or ``TensorError/nonScalarOutput(shape:)``.
@inlinable
public func valueWithGradient<S>(
    at arguments: [Tensor<S>], of f: ([Tensor<S>]) throws -> Tensor<S>
) throws -> (value: Tensor<S>, gradients: [Tensor<S>]) {
    let tape = Tape<S>(depth: ActiveTapes.current.count + 1)
    defer { tape.isFinished = true }
    let leaves = arguments.map { argument in
        let node = tape.record(.leaf, first: TapeInputs.untracked)
        return Tensor(shape: argument.shape, storage: argument.storage, trace: TapeReference(tape: tape, node: node))
    }
    let output = try ActiveTapes.entering(tape) { try f(leaves) }
    guard output.count == 1 else { throw TensorError.nonScalarOutput(shape: output.shape) }
    let value = output.detached
    guard let trace = output.trace, trace.tape === tape else {
        return (value, arguments.map { Kernels.full(0, shape: $0.shape) })
    }
    let all = tape.gradients(from: trace.node, seed: Kernels.full(1, shape: output.shape))
    let gradients = arguments.indices.map { all[$0] ?? Kernels.full(0, shape: arguments[$0].shape) }
    return (value, gradients)
}

/// The value of `f` at `x` and its gradient with respect to `x`.
/// - Throws: as ``valueWithGradient(at:of:)``.
@inlinable
public func valueWithGradient<S>(
    at x: Tensor<S>, of f: (Tensor<S>) throws -> Tensor<S>
) throws -> (value: Tensor<S>, gradient: Tensor<S>) {
    let (value, gradients) = try valueWithGradient(at: [x]) { try f($0[0]) }
    return (value, gradients[0])
}

/// The value of `f` at `(x, y)` and its gradients with respect to both.
/// - Throws: as ``valueWithGradient(at:of:)->(_,[Tensor<S>])``.
@inlinable
public func valueWithGradient<S>(
    at x: Tensor<S>, _ y: Tensor<S>, of f: (Tensor<S>, Tensor<S>) throws -> Tensor<S>
) throws -> (value: Tensor<S>, gradients: (Tensor<S>, Tensor<S>)) {
    let (value, gradients) = try valueWithGradient(at: [x, y]) { try f($0[0], $0[1]) }
    return (value, (gradients[0], gradients[1]))
}

/// The gradient of `f` at `x`.
/// - Throws: as ``valueWithGradient(at:of:)->(_,[Tensor<S>])``.
@inlinable
public func gradient<S>(at x: Tensor<S>, of f: (Tensor<S>) throws -> Tensor<S>) throws -> Tensor<S> {
    try valueWithGradient(at: x, of: f).gradient
}
