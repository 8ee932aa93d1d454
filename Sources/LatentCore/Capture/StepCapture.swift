/// A capture of one differentiation, to be compiled into a
/// ``CompiledProgram`` that replays it without the code that produced it.
///
/// Run a differentiation through ``valueWithGradients(capturingInto:_:)``
/// with a fresh capture, then call ``compile(loss:generatorBefore:generatorAfter:)``
/// with its value. The capture records every operation on values derived from
/// the differentiation's variables or from draws of the generator; anything
/// else is a constant of the compiled program.
public final class StepCapture<Scalar: TensorScalar> {
    let recorder = CaptureRecorder<Scalar>()

    /// An empty capture: pass it to ``valueWithGradients(capturingInto:_:)``, or record into it with ``recording(_:)``.
    public init() {}

    /// Why the captured computation cannot be replayed (a value computed in
    /// it was read, so the code may branch on it), or nil.
    public var dynamicReason: String? { recorder.dynamicReason }

    /// The captured computation as a program.
    /// - Parameters:
    ///   - loss: the value the differentiation returned.
    ///   - generatorBefore: the generator's state when the captured run began.
    ///   - generatorAfter: its state when the run ended; replaying the
    ///     captured draws from `generatorBefore` must reach it, or the run drew
    ///     from the generator in a way the capture did not see.
    /// - Throws: ``CaptureRefusal`` saying why the computation cannot be compiled.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func compile(
        loss: Tensor<Scalar>, generatorBefore: Xoshiro256PlusPlus, generatorAfter: Xoshiro256PlusPlus
    ) throws -> CompiledProgram<Scalar> {
        if let reason = recorder.dynamicReason { throw CaptureRefusal(reason: reason) }
        guard let lossSlot = recorder.index(of: loss) else {
            throw CaptureRefusal(reason: "the loss does not depend on any variable or draw")
        }
        return try compiled(lossSlot: lossSlot, outputs: [], generatorBefore: generatorBefore, generatorAfter: generatorAfter)
    }

    /// The captured computation as a program without gradients that reports
    /// `outputs` (values it computed, or constants) on every run.
    /// - Throws: ``CaptureRefusal`` as ``compile(loss:generatorBefore:generatorAfter:)``.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func compile(
        outputs: [Tensor<Scalar>], generatorBefore: Xoshiro256PlusPlus, generatorAfter: Xoshiro256PlusPlus
    ) throws -> CompiledProgram<Scalar> {
        if let reason = recorder.dynamicReason { throw CaptureRefusal(reason: reason) }
        return try compiled(
            lossSlot: nil, outputs: outputs.map(recorder.operand), generatorBefore: generatorBefore,
            generatorAfter: generatorAfter)
    }

    private func compiled(
        lossSlot: Int?, outputs: [CapturedOperand<Scalar>], generatorBefore: Xoshiro256PlusPlus, generatorAfter: Xoshiro256PlusPlus
    ) throws -> CompiledProgram<Scalar> {
        let program = try CompiledProgram(recorder: recorder, lossSlot: lossSlot, outputs: outputs)
        try program.checkDraws(against: recorder, from: generatorBefore, reaching: generatorAfter)
        try program.checkValues(against: recorder, from: generatorBefore)
        return program
    }

    /// Runs `body` with this capture recording it (no differentiation: a
    /// program of draws and their consequences, such as a predictive draw).
    public func recording<R>(_ body: () throws -> R) rethrows -> R {
        try ActiveCapture.$recorder.withValue(ActiveCapture.Reference(object: recorder), operation: body)
    }
}

/// Why a captured computation cannot be compiled; the computation then
/// stays on the eager path.
public struct CaptureRefusal: Error, Sendable, CustomStringConvertible {
    /// What in the computation prevents compiling it.
    public let reason: String
    /// The ``reason``.
    public var description: String { reason }
}

/// ``valueWithGradients(_:)`` recording the whole differentiation into
/// `capture` on the side (the values and gradients are those of the eager
/// run, unchanged).
/// - Throws: as ``valueWithGradients(_:)``.
public func valueWithGradients<S>(
    capturingInto capture: StepCapture<S>, _ body: (DifferentiationScope<S>) throws -> Tensor<S>
) throws -> (value: Tensor<S>, gradients: [Tensor<S>]) {
    try ActiveCapture.$recorder.withValue(ActiveCapture.Reference(object: capture.recorder)) {
        try valueWithGradients { (scope: DifferentiationScope<S>) in
            capture.recorder.tape = scope.tape
            return try body(scope)
        }
    }
}
