/// A differentiation whose variables are declared while it runs: the body
/// calls ``variable(_:)`` on any tensor it wants a gradient for, as a model
/// does when it meets a parameter for the first time.
public final class DifferentiationScope<Scalar: TensorScalar> {
    let tape: Tape<Scalar>
    /// The tape nodes of the variables, in the order they were declared.
    var nodes: [Int] = []
    var shapes: [[Int]] = []

    init(tape: Tape<Scalar>) {
        self.tape = tape
    }

    /// `value` as a variable of this differentiation: operations on the
    /// result are recorded, and its gradient is returned in declaration order.
    public func variable(_ value: Tensor<Scalar>) -> Tensor<Scalar> {
        let node = tape.record(.leaf, first: TapeInputs.untracked)
        nodes.append(node)
        shapes.append(value.shape)
        let variable = Tensor(shape: value.shape, storage: value.storage, trace: TapeReference(tape: tape, node: node))
        return CaptureRecorder<Scalar>.active.map { $0.variable(variable) } ?? variable
    }

    /// How many variables have been declared.
    public var variableCount: Int { nodes.count }
}

/// The value of `body` and the gradients of its (scalar) result with
/// respect to every variable the body declared through the scope, in the
/// order of declaration.
/// - Throws: whatever `body` throws, or ``TensorError/nonScalarOutput(shape:)``.
// Kept for the `svi` benchmark: the derivative rules of the reverse walk apply their closures per element.
@_specialize(where S == Double)
@_specialize(where S == Float)
public func valueWithGradients<S>(
    _ body: (DifferentiationScope<S>) throws -> Tensor<S>
) throws -> (value: Tensor<S>, gradients: [Tensor<S>]) {
    let tape = Tape<S>(depth: ActiveTapes.current.count + 1)
    defer { tape.isFinished = true }
    let scope = DifferentiationScope(tape: tape)
    let output = try ActiveTapes.entering(tape) { try body(scope) }
    guard output.count == 1 else { throw TensorError.nonScalarOutput(shape: output.shape) }
    // A variable the output does not depend on gets zeros, built only then.
    let zero = { (index: Int) in Kernels.full(S(0), shape: scope.shapes[index]) }
    guard let trace = output.trace, trace.tape === tape else { return (output.detached, scope.shapes.indices.map(zero)) }
    let all = tape.gradients(from: trace.node, seed: Kernels.full(1, shape: output.shape))
    let gradients = scope.nodes.enumerated().map { index, node in
        node < all.count ? all[node] ?? zero(index) : zero(index)
    }
    return (output.detached, gradients)
}
