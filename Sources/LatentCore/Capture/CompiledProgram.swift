/// A captured computation as a straight-line program over buffers
/// allocated once: the draws, the forward operations, the checks and (for a
/// differentiation) the reverse pass, each a closure over the addresses it
/// reads and writes.
///
/// A run copies the variables in, draws fresh randomness from the generator
/// exactly as the eager run would (the same draws in the same order), and
/// computes the value and the gradients with the same kernels and the same
/// derivative rules as the eager path, in the same order: the results agree
/// with an eager run from the same state to the last bit (the one exception
/// is the sign of a zero gradient). No handler, dictionary or tape is
/// involved, and nothing is allocated except by the rules without a
/// dedicated loop here.
public final class CompiledProgram<Scalar: TensorScalar> {
    /// Each slot's buffer (nil for a slot the program never needs).
    var values: [TensorStorage<Scalar>?]
    /// Each slot's gradient buffer (nil where no gradient reaches).
    var gradients: [TensorStorage<Scalar>?]
    let shapes: [[Int]]
    let variableSlots: [Int]
    /// The differentiated value's slot; nil for a program without gradients.
    let lossSlot: Int?
    /// The values a run reports (``output(_:)``).
    let outputs: [CapturedOperand<Scalar>]
    /// The constants the operations read.
    var constants: [Tensor<Scalar>] = []
    /// Working buffers of the reverse loops, freed with the program.
    var scratches: [UnsafeMutablePointer<Scalar>] = []
    /// The indices of the latest run's index draws.
    let state = ReplayState()
    var draws: [(inout Xoshiro256PlusPlus) -> Void] = []
    var forward: [() -> Void] = []
    var checks: [() -> Bool] = []
    var reverse: [() -> Void] = []

    deinit {
        for scratch in scratches { scratch.deallocate() }
    }

    init(shapes: [[Int]], variableSlots: [Int], lossSlot: Int?, outputs: [CapturedOperand<Scalar>]) {
        values = Array(repeating: nil, count: shapes.count)
        gradients = Array(repeating: nil, count: shapes.count)
        self.shapes = shapes
        self.variableSlots = variableSlots
        self.lossSlot = lossSlot
        self.outputs = outputs
    }

    /// How many operations a run performs, forward and reverse.
    public var operationCount: Int { forward.count + reverse.count }

    /// The shapes of the variables, in declaration order.
    public var variableShapes: [[Int]] { variableSlots.map { shapes[$0] } }

    /// One run: the value of the captured computation at `variables` (in
    /// the order the capture declared them) with fresh draws from
    /// `generator`; the gradients are then in ``gradient(of:)`` and the
    /// outputs in ``output(_:)``. A program without gradients returns 0.
    /// - Throws: ``CompiledRunError`` when a variable's shape differs from
    ///   the captured one, or a check the capture recorded fails (a
    ///   distribution's parameter out of its support): rerun that step
    ///   eagerly from the same state for the error itself.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func run(variables: [Tensor<Scalar>], generator: inout Xoshiro256PlusPlus) throws -> Scalar {
        guard variables.count == variableSlots.count else { throw CompiledRunError.variablesChanged }
        for (value, slot) in zip(variables, variableSlots) {
            guard value.shape == shapes[slot] else { throw CompiledRunError.variablesChanged }
            values[slot]?.base.update(from: value.storage.base, count: value.count)
        }
        for draw in draws { draw(&generator) }
        state.failed = false
        for operation in forward { operation() }
        if state.failed { throw CompiledRunError.checkFailed }
        for check in checks where !check() { throw CompiledRunError.checkFailed }
        guard let lossSlot else { return 0 }
        for case let gradient? in gradients {
            gradient.base.update(repeating: 0, count: gradient.count)
        }
        gradients[lossSlot]?.base[0] = 1
        for operation in reverse { operation() }
        return values[lossSlot]!.base[0]
    }

    /// Output `index` of the latest run, as a view of the program's buffer:
    /// valid until the next run overwrites it (copy it to keep it).
    public func output(_ index: Int) -> Tensor<Scalar> {
        switch outputs[index] {
        case let .slot(slot): return view(slot)
        case let .constant(value): return value
        }
    }

    /// The gradient of the latest run's value with respect to variable
    /// `index`, as a new tensor.
    public func gradient(of index: Int) -> Tensor<Scalar> {
        let slot = variableSlots[index]
        guard let buffer = gradients[slot] else { return Kernels.full(0, shape: shapes[slot]) }
        return Tensor(shape: shapes[slot], storage: buffer.copy())
    }

    /// The gradient of the latest run's value with respect to variable
    /// `index`, as a view of the program's buffer: valid until the next run
    /// overwrites it (copy it to keep it).
    public func gradientView(of index: Int) -> Tensor<Scalar> {
        let slot = variableSlots[index]
        guard let buffer = gradients[slot] else { return Kernels.full(0, shape: shapes[slot]) }
        return Tensor(shape: shapes[slot], storage: buffer)
    }
}

/// Why a compiled run did not complete.
public enum CompiledRunError: Error, Sendable {
    /// A variable's shape (or their number) differs from the captured one.
    case variablesChanged
    /// A value failed a check the captured run passed.
    case checkFailed
}

/// What a run's operations share: the indices its index draws drew, for
/// the operations that pick rows with them, and whether a kernel threw.
final class ReplayState {
    var indices: [[Int]] = []
    var failed = false
}
