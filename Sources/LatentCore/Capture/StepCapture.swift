/// A capture of one differentiation, to be compiled into a
/// ``CompiledGradient`` that replays it without the code that produced it.
///
/// Run a differentiation through ``valueWithGradients(capturingInto:_:)``
/// with a fresh capture, then call ``compile(loss:generatorBefore:generatorAfter:)``
/// with its value. The capture records every operation on values derived from
/// the differentiation's variables or from draws of the generator; anything
/// else is a constant of the compiled program.
public final class StepCapture<Scalar: TensorScalar> {
    let recorder = CaptureRecorder<Scalar>()

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
    ) throws -> CompiledGradient<Scalar> {
        if let reason = recorder.dynamicReason { throw CaptureRefusal(reason: reason) }
        guard let lossSlot = recorder.index(of: loss) else {
            throw CaptureRefusal(reason: "the loss does not depend on any variable or draw")
        }
        let program = try CompiledGradient(recorder: recorder, lossSlot: lossSlot)
        try program.checkDraws(against: recorder, from: generatorBefore, reaching: generatorAfter)
        try program.checkValues(against: recorder, from: generatorBefore)
        return program
    }
}

/// Why a captured computation cannot be compiled; the computation then
/// stays on the eager path.
public struct CaptureRefusal: Error, Sendable, CustomStringConvertible {
    public let reason: String
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
