/// How operations put themselves on the tape.
///
/// An operation computes its value with an untracked kernel, then calls
/// `recorded(_:inputs:)`. When no input is tracked (the common case outside
/// differentiation) that call returns at once and the operation's saved
/// values are never built.
extension Tensor {
    /// The tape to record on for these inputs: the innermost live one.
    @inlinable
    static func tape(for a: TapeReference<Scalar>?, _ b: TapeReference<Scalar>?) -> Tape<Scalar>? {
        let x = a?.tape.isFinished == false ? a?.tape : nil
        let y = b?.tape.isFinished == false ? b?.tape : nil
        switch (x, y) {
        case (nil, nil): return nil
        case let (x?, nil): return x
        case let (nil, y?): return y
        case let (x?, y?): return x.depth >= y.depth ? x : y
        }
    }

    @inlinable
    static func node(of trace: TapeReference<Scalar>?, on tape: Tape<Scalar>) -> Int {
        guard let trace, trace.tape === tape else { return TapeInputs.untracked }
        return trace.node
    }

    /// This (untracked) result, recorded as `operation` of one input.
    @inlinable @inline(__always)
    func recorded(_ operation: @autoclosure () -> Operation<Scalar>, inputs x: Tensor) -> Tensor {
        if x.slot != 0 { return capturing(operation(), inputs: [x]) }
        guard let trace = x.trace, !trace.tape.isPaused, !trace.tape.isFinished else { return self }
        let index = trace.tape.record(operation(), first: trace.node)
        return Tensor(shape: shape, storage: storage, trace: TapeReference(tape: trace.tape, node: index))
    }

    /// This (untracked) result, recorded as `operation` of two inputs.
    @inlinable @inline(__always)
    func recorded(_ operation: @autoclosure () -> Operation<Scalar>, inputs a: Tensor, _ b: Tensor) -> Tensor {
        if a.slot | b.slot != 0 { return capturing(operation(), inputs: [a, b]) }
        guard let tape = Tensor.tape(for: a.trace, b.trace), !tape.isPaused else { return self }
        let index = tape.record(
            operation(), first: Tensor.node(of: a.trace, on: tape), second: Tensor.node(of: b.trace, on: tape))
        return Tensor(shape: shape, storage: storage, trace: TapeReference(tape: tape, node: index))
    }

    /// This (untracked) result, recorded as `operation` of any number of inputs.
    @inlinable
    func recorded(_ operation: @autoclosure () -> Operation<Scalar>, inputs: [Tensor]) -> Tensor {
        if inputs.contains(where: { $0.slot != 0 }) { return capturing(operation(), inputs: inputs) }
        return recordedOnTape(operation(), inputs: inputs).result
    }

    /// This (untracked) result recorded on the innermost live tape of
    /// `inputs`, with whether each input was tracked there.
    @inlinable
    func recordedOnTape(_ operation: @autoclosure () -> Operation<Scalar>, inputs: [Tensor]) -> (result: Tensor, tracked: [Bool]) {
        var innermost: Tape<Scalar>?
        for input in inputs {
            if let tape = input.trace?.tape, !tape.isFinished, tape.depth > innermost?.depth ?? -1 { innermost = tape }
        }
        guard let tape = innermost, !tape.isPaused else { return (self, inputs.map { _ in false }) }
        let nodes = inputs.map { Tensor.node(of: $0.trace, on: tape) }
        let index = tape.record(
            operation(), first: nodes.first ?? TapeInputs.untracked,
            second: nodes.count > 1 ? nodes[1] : TapeInputs.untracked,
            rest: Array(nodes.dropFirst(2)))
        let result = Tensor(shape: shape, storage: storage, trace: TapeReference(tape: tape, node: index))
        return (result, nodes.map { $0 != TapeInputs.untracked })
    }

    /// The same value, no longer tracked: gradients do not flow through it
    /// (`stop_gradient` in JAX, `detach()` in PyTorch).
    @inlinable
    public var detached: Tensor {
        Tensor(shape: shape, storage: storage, slot: slot)
    }

    /// Whether this tensor is being differentiated (by a differentiation
    /// that has not yet returned).
    @inlinable
    public var isTracked: Bool { trace.map { !$0.tape.isFinished } ?? false }

    /// Whether an operation on this tensor must supply its derivatives:
    /// it is being differentiated, or recorded into a step being compiled.
    /// A kernel that computes a value and its derivative together may skip
    /// the derivative otherwise (as under ``withoutGradients(_:)``).
    public var needsDerivatives: Bool {
        isTracked || CaptureRecorder<Scalar>.owning(slot) != nil
    }
}

/// Runs `body` without recording any operation for differentiation: values
/// computed inside are constants to any enclosing ``valueWithGradient(at:of:)->(_,[Tensor<S>])``
/// (PyTorch's `torch.no_grad()`).
@inlinable
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try ActiveTapes.pausing(body)
}
