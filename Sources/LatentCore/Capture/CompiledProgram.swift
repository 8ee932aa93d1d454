/// A captured computation as a straight-line program over buffers
/// allocated once: the draws, the forward instructions, the checks and (for
/// a differentiation) the reverse instructions, each a loop over the
/// addresses it reads and writes or a call of a closure over them
/// (`ProgramInstruction`).
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
    // The program is built once and run by one task at a time, so the
    // run-time exclusivity checks on its parts are skipped.
    /// Each slot's buffer (nil for a slot the program never needs).
    @exclusivity(unchecked) var values: [TensorStorage<Scalar>?]
    /// Each slot's gradient buffer (nil where no gradient reaches).
    @exclusivity(unchecked) var gradients: [TensorStorage<Scalar>?]
    /// The addresses and sizes in blocks of eight scalars (their capacity)
    /// of the gradient buffers zeroed before each reverse pass: those not
    /// assigned by their first write.
    @exclusivity(unchecked) var gradientBuffers: [(UnsafeMutablePointer<Scalar>, blocks: Int)] = []
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
    @exclusivity(unchecked) var draws: [ProgramDraw<Scalar>] = []
    /// The buffers loaded from step inputs, with their inputs.
    @exclusivity(unchecked) var inputs: [(buffer: TensorStorage<Scalar>, shape: [Int], source: StepInput<Scalar>)] = []
    @exclusivity(unchecked) var forward: [ProgramInstruction<Scalar>] = []
    @exclusivity(unchecked) var checks: [() -> Bool] = []
    @exclusivity(unchecked) var reverse: [ProgramInstruction<Scalar>] = []
    /// The closures the instructions call, for operations without a loop.
    @exclusivity(unchecked) var calls: [() -> Void] = []
    /// For a call adding into gradient buffers, the closure writing the
    /// same values into them instead, used where the call is their first write.
    var assigningCalls: [Int: () -> Void] = [:]
    /// While building: the call of the forward product just appended, when
    /// it is too small to split, and the buffer it writes.
    var lastSmallProduct: (call: Int, output: UnsafeMutablePointer<Scalar>)?
    /// The operand grids of the instructions over broadcast rows or columns.
    @exclusivity(unchecked) var grids: [OperandGrid] = []
    /// An address the unused operands of a call instruction name (never read).
    let unusedAddress = UnsafeMutablePointer<Scalar>.allocate(capacity: 1)

    deinit {
        for scratch in scratches { scratch.deallocate() }
        unusedAddress.deallocate()
    }

    init(shapes: [[Int]], variableSlots: [Int], lossSlot: Int?, outputs: [CapturedOperand<Scalar>]) {
        values = Array(repeating: nil, count: shapes.count)
        gradients = Array(repeating: nil, count: shapes.count)
        self.shapes = shapes
        self.variableSlots = variableSlots
        self.lossSlot = lossSlot
        self.outputs = outputs
    }

    /// How many outputs a run reports.
    public var outputCount: Int { outputs.count }

    /// How many instructions a run performs, forward and reverse.
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
        for (index, value) in variables.enumerated() { try load(variable: index, from: value) }
        return try run(generator: &generator)
    }

    /// Copies `value` in as variable `index` for the next ``run(generator:)``.
    /// - Throws: ``CompiledRunError/variablesChanged`` for a shape other than the captured one.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func load(variable index: Int, from value: Tensor<Scalar>) throws {
        let slot = variableSlots[index]
        guard value.shape == shapes[slot] else { throw CompiledRunError.variablesChanged }
        guard let buffer = values[slot] else { return }
        Kernels.copy(value.storage.base, count: value.count, into: buffer.base)
    }

    /// The program's own copy of variable `index`, which the next run
    /// reads, as a view of its buffer (nil for a variable the program never
    /// reads). Writing a new value through the view's address (an
    /// optimiser's update in place) is the same as loading it with
    /// ``load(variable:from:)``; the program writes it only in ``load(variable:from:)``.
    public func variableView(of index: Int) -> Tensor<Scalar>? {
        let slot = variableSlots[index]
        return values[slot].map { Tensor(shape: shapes[slot], storage: $0) }
    }

    /// One run with the variables last loaded (``load(variable:from:)``).
    /// - Throws: as ``run(variables:generator:)``.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func run(generator: inout Xoshiro256PlusPlus) throws -> Scalar {
        try loadInputs()
        makeDraws(&generator)
        state.failed = false
        execute(forward)
        if state.failed { throw CompiledRunError.checkFailed }
        for check in checks where !check() { throw CompiledRunError.checkFailed }
        guard let lossSlot else { return 0 }
        zeroGradients()
        gradients[lossSlot]?.base[0] = 1
        execute(reverse)
        return values[lossSlot]!.base[0]
    }

    /// Copies each step input's value into its buffer.
    /// - Throws: ``CompiledRunError/inputChanged`` for a shape other than the captured one.
    @inline(__always)
    func loadInputs() throws {
        for (buffer, shape, source) in inputs {
            let value = source.value
            guard value.shape == shape else { throw CompiledRunError.inputChanged }
            Kernels.copy(value.storage.base, count: value.count, into: buffer.base)
        }
    }

    /// The draws of one run, in the captured order.
    @inline(__always)
    func makeDraws(_ generator: inout Xoshiro256PlusPlus) {
        draws.withUnsafeBufferPointer { draws in
            for draw in draws {
                switch draw {
                case let .normal(out, count, mean, standardDeviation):
                    Tensor.fillNormal(out, count: count, mean: mean, standardDeviation: standardDeviation, using: &generator)
                case let .call(draw):
                    draw(&generator)
                }
            }
        }
    }

    /// Sets every gradient buffer to zero: one vector store for a buffer of
    /// up to eight scalars (most of a small model's), a loop for the rest.
    @inline(__always)
    private func zeroGradients() {
        gradientBuffers.withUnsafeBufferPointer { buffers in
            for (base, blocks) in buffers {
                let raw = UnsafeMutableRawPointer(base)
                if blocks == 1 {
                    raw.storeBytes(of: SIMD8<Scalar>(), as: SIMD8<Scalar>.self)
                } else {
                    // A weight's gradient (1.25 MB for the MNIST VAE's first layer) on all cores.
                    ParallelChunks.forEach(count: blocks * 8) { range in
                        (base + range.lowerBound).update(repeating: 0, count: range.count)
                    }
                }
            }
        }
    }

    /// Whether every gradient of the latest run is finite (a large
    /// gradient's check split over the cores).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func gradientsAreFinite() -> Bool {
        for slot in variableSlots {
            guard let buffer = gradients[slot] else { continue }
            if !Kernels.allFinite(Tensor(shape: [buffer.count], storage: buffer)) { return false }
        }
        return true
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

/// One draw of a compiled program: normal scalars into a buffer, or a
/// closure drawing from the generator (other distributions' draws, minibatch indices).
enum ProgramDraw<Scalar: TensorScalar> {
    case normal(UnsafeMutablePointer<Scalar>, count: Int, mean: Scalar, standardDeviation: Scalar)
    case call((inout Xoshiro256PlusPlus) -> Void)
}

/// The gradient buffers a reverse call reads (its output's gradient) and
/// adds into (its inputs').
struct GradientAccess<Scalar: TensorScalar> {
    let reads: UnsafeMutablePointer<Scalar>
    let writes: [UnsafeMutablePointer<Scalar>]
}

/// Why a compiled run did not complete.
public enum CompiledRunError: Error, Sendable {
    /// A variable's shape (or their number) differs from the captured one.
    case variablesChanged
    /// A value failed a check the captured run passed.
    case checkFailed
    /// A step input's value has another shape than the captured one.
    case inputChanged
}

/// What a run's operations share: the indices its index draws drew, for
/// the operations that pick rows with them, and whether a kernel threw.
final class ReplayState {
    // Read and written only by the one run in progress.
    @exclusivity(unchecked) var indices: [[Int]] = []
    @exclusivity(unchecked) var failed = false
}
