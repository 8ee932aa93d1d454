import LatentCore

/// Whether ``SVI`` compiles its steps.
public enum StepCompilation: Sendable, Equatable {
    /// Capture a step, check a replay of it against an eager step, and
    /// replay from then on when they agree (the default).
    case automatic
    /// Every step eager: the handlers, the tape, the optimiser's dictionary.
    case off
}

/// Whether an ``SVI`` run's steps are compiled.
public enum CompilationStatus: Sendable, Equatable, CustomStringConvertible {
    /// The first steps run eagerly while one is captured and a replay of it checked.
    case pending
    /// Steps are replayed from a compiled program of this many operations
    /// (forward and reverse).
    case compiled(operations: Int)
    /// Steps stay eager, for this reason.
    case eager(reason: String)

    /// A short phrase: pending, compiled with the operation count, or eager with the reason.
    public var description: String {
        switch self {
        case .pending: return "not compiled yet (capturing)"
        case let .compiled(operations): return "compiled (\(operations) operations per step)"
        case let .eager(reason): return "eager: \(reason)"
        }
    }
}

/// The loss and gradients of one step, by parameter name.
struct StepGradient<Scalar: TensorScalar> {
    let loss: Scalar
    /// The loss as the differentiation returned it (with its capture slot).
    let lossTensor: Tensor<Scalar>?
    let names: [String]
    let values: [Tensor<Scalar>]
}

/// Where an SVI run stands on the way to a compiled step.
struct StepCompiler<Scalar: TensorScalar> {
    enum Phase {
        /// Eager until the parameters exist and the guide has met the model.
        case warmingUp
        /// The next step is captured.
        case capturing
        /// The next step runs both ways and they are compared.
        case verifying(CompiledSVIStep<Scalar>)
        /// Steps are replayed.
        case replaying(CompiledSVIStep<Scalar>)
        /// Steps stay eager.
        case eager(String)
    }

    var phase: Phase

    init(_ compilation: StepCompilation) {
        phase = compilation == .off ? .eager("compilation is off") : .warmingUp
    }

    var status: CompilationStatus {
        switch phase {
        case .warmingUp, .capturing, .verifying: return .pending
        case let .replaying(step): return .compiled(operations: step.program.operationCount)
        case let .eager(reason): return .eager(reason: reason)
        }
    }
}

/// A compiled SVI step: the program, the parameters it reads (by name,
/// and their positions in the store, looked up again only when the store
/// changes), and the optimiser's update, all specialised for the scalar type.
final class CompiledSVIStep<Scalar: TensorScalar> {
    let program: CompiledProgram<Scalar>
    let names: [String]
    // Read on every step by the one run in progress: no run-time exclusivity checks.
    @exclusivity(unchecked) private var positions: [Int] = []
    @exclusivity(unchecked) private var layoutVersion = -1
    /// Views of the program's gradient buffers, which every run overwrites.
    private let gradients: [Tensor<Scalar>]
    /// The addresses of those buffers, stable while the views are kept.
    private let gradientAddresses: [UnsafeBufferPointer<Scalar>]
    /// Views of the program's copies of the parameters (nil for one it
    /// never reads), which Adam's update writes in place and hands over to
    /// the store.
    private let variables: [Tensor<Scalar>?]
    /// The store's ``ParameterStore/changes`` when the program's copies
    /// last held its values (after they were loaded, or after an update
    /// written into them and handed over): while the store shows the same
    /// count, the next replay loads nothing.
    @exclusivity(unchecked) private var loadedChanges: Int?

    init(program: CompiledProgram<Scalar>, names: [String]) {
        self.program = program
        self.names = names
        gradients = names.indices.map { program.gradientView(of: $0) }
        gradientAddresses = gradients.map { $0.withUnsafeScalars { $0 } }
        variables = names.indices.map { program.variableView(of: $0) }
    }

    /// How a replayed step ended.
    enum Outcome {
        /// Taken, with this loss.
        case taken(Scalar)
        /// Not taken: the step must run eagerly (a failed check or a
        /// non-finite value), from the state it began in.
        case eager
        /// Not taken: the parameters changed, and the step must be captured again.
        case recapture
        /// Not taken: the loss or a gradient summed over the ranks of a
        /// data-parallel run is not finite, with this loss; the generator has
        /// moved on, as an eager step's does.
        case summedNotFinite(Scalar)
    }

    /// Up to `count` replayed steps, each with its rate from `schedule`,
    /// its loss appended to `losses` and reported to `progress` (as step
    /// `firstStep`, `firstStep + 1`, …): SVI's loop while it replays.
    /// Returns the outcome of the first step not taken (its rate already
    /// set), or nil when all were.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func run(
        steps count: Int, parameters: ParameterStore<Scalar>, optimizer: any Optimizer<Scalar>,
        schedule: LearningRateSchedule<Scalar>?, generator: inout Xoshiro256PlusPlus, reducer: GradientAllReduce<Scalar>?,
        losses: inout [Scalar], progress: ProgressReporter?, firstStep: Int
    ) throws -> Outcome? {
        let adam = optimizer as? Adam<Scalar>
        for offset in 0..<count {
            if let schedule { optimizer.learningRate = schedule.rate(at: losses.count) }
            let outcome = try step(
                parameters: parameters, optimizer: optimizer, adam: adam, generator: &generator, reducer: reducer,
                number: losses.count + 1)
            guard case let .taken(loss) = outcome else { return outcome }
            losses.append(loss)
            progress?.report(step: firstStep + offset, loss: Double(loss))
        }
        return nil
    }

    /// One replayed step, the optimiser's update included (`adam` is the
    /// optimiser when it is Adam, whose update by position is used), its
    /// loss and gradients first summed over the ranks by `reducer`, when
    /// there is one. On any outcome but `.taken` nothing has changed, the
    /// generator included.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func step(
        parameters: ParameterStore<Scalar>, optimizer: any Optimizer<Scalar>, adam: Adam<Scalar>?,
        generator: inout Xoshiro256PlusPlus, reducer: GradientAllReduce<Scalar>?, number: Int
    ) throws -> Outcome {
        let before = generator
        var loss: Scalar
        switch try gradient(parameters: parameters, generator: &generator) {
        case let .ran(value):
            loss = value
        case .variablesChanged:
            generator = before
            return .recapture
        case .notRun:
            // Before any all-reduce: the eager step makes this step's one.
            generator = before
            return .eager
        }
        if let reducer {
            loss = try reducer.reduce(
                loss: loss, gradients: gradientAddresses, generator: &generator, parameters: parameters, step: number
            ) { index, sum in
                UnsafeMutablePointer(mutating: gradientAddresses[index].baseAddress!).update(from: sum.baseAddress!, count: sum.count)
            }
        }
        guard loss.isFinite, program.gradientsAreFinite() else {
            if reducer != nil { return .summedNotFinite(loss) }
            generator = before
            return .eager
        }
        if let adam, adam.clipNorm == nil {
            loadedChanges = nil
            try adam.step(
                parameters, positions: positions, names: names, gradients: gradientAddresses, copies: variables,
                owner: ObjectIdentifier(self))
            loadedChanges = parameters.changes
        } else {
            try optimizer.step(parameters, names: names, gradients: gradients)
        }
        return .taken(loss)
    }

    /// How a replay went.
    enum Replay {
        /// It ran, with this loss; the gradients are in ``gradients``.
        case ran(Scalar)
        /// The parameters no longer match the program's variables.
        case variablesChanged
        /// It did not run to the end: a step input of another shape (a last,
        /// smaller minibatch), a failed check or a kernel that threw.
        case notRun
    }

    /// One replay: its loss and (in ``gradients``, views of the program's
    /// buffers) its gradients, or why it did not run.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func gradient(parameters: ParameterStore<Scalar>, generator: inout Xoshiro256PlusPlus) throws -> Replay {
        if layoutVersion != parameters.layoutVersion {
            var found: [Int] = []
            for name in names {
                guard let position = parameters.position(of: name) else { return .variablesChanged }
                found.append(position)
            }
            (positions, layoutVersion) = (found, parameters.layoutVersion)
        }
        do {
            if loadedChanges != parameters.changes {
                for index in positions.indices {
                    try program.load(variable: index, from: parameters.unconstrainedValue(at: positions[index]))
                }
                loadedChanges = parameters.changes
            }
            return .ran(try program.run(generator: &generator))
        } catch CompiledRunError.variablesChanged {
            return .variablesChanged
        } catch {
            return .notRun
        }
    }

    /// The latest replay's gradients, as a step's.
    func stepGradient(loss: Scalar) -> StepGradient<Scalar> {
        StepGradient(loss: loss, lossTensor: nil, names: names, values: gradients)
    }
}

extension SVI {
    /// The step's gradient when it is not replayed: eager, capturing or
    /// checking a capture on the way.
    func compiledOrEagerGradient() throws -> StepGradient<Scalar>? {
        switch compiler.phase {
        case .warmingUp:
            let gradient = try eagerGradient()
            if gradient != nil { compiler.phase = .capturing }
            return gradient
        case .capturing:
            return try capturedGradient()
        case let .verifying(step):
            return try verifiedGradient(step)
        case .replaying, .eager:
            return try eagerGradient()
        }
    }

    /// An eager step recorded as it runs; its program is checked on the next step.
    private func capturedGradient() throws -> StepGradient<Scalar>? {
        let capture = StepCapture<Scalar>()
        let before = context.generator
        guard let gradient = try eagerGradient(capturingInto: capture), let loss = gradient.lossTensor else { return nil }
        do {
            let program = try capture.compile(loss: loss, generatorBefore: before, generatorAfter: context.generator)
            compiler.phase = .verifying(CompiledSVIStep(program: program, names: gradient.names))
        } catch let refusal as CaptureRefusal {
            compiler.phase = .eager(refusal.reason)
        }
        return gradient
    }

    /// The replayed and the eager step from the same state: the eager one is
    /// taken, and the program is kept only when the two agree to the bit.
    private func verifiedGradient(_ step: CompiledSVIStep<Scalar>) throws -> StepGradient<Scalar>? {
        let before = context.generator
        var replayed: StepGradient<Scalar>?
        if case let .ran(loss) = try? step.gradient(parameters: context.parameters, generator: &context.generator) {
            replayed = step.stepGradient(loss: loss)
        }
        let afterReplay = context.generator
        context.generator = before
        guard let eager = try eagerGradient() else {
            compiler.phase = .eager("the step was skipped while its compiled program was being checked")
            return nil
        }
        if let difference = difference(between: replayed, and: eager, generators: afterReplay == context.generator) {
            compiler.phase = .eager("a replay of the captured step differed from the eager step: \(difference)")
        } else {
            compiler.phase = .replaying(step)
        }
        return eager
    }

    /// What differs between a replayed and an eager step, or nil when nothing does.
    private func difference(
        between replayed: StepGradient<Scalar>?, and eager: StepGradient<Scalar>, generators sameGenerator: Bool
    ) -> String? {
        guard let replayed else { return "the replay failed" }
        guard replayed.names == eager.names else { return "the parameters differ" }
        guard sameGenerator else { return "the generator ends in a different state" }
        guard sameBits(replayed.loss, eager.loss) else { return "the loss (\(replayed.loss) against \(eager.loss))" }
        for (name, (a, b)) in zip(eager.names, zip(replayed.values, eager.values)) where !sameBits(a, b) {
            return "the gradient of \(name) (\(a.scalars.prefix(4)) against \(b.scalars.prefix(4)))"
        }
        return nil
    }
}

/// Whether two scalars are the same number (NaN counting as one number).
@inline(__always)
func sameBits<S: TensorScalar>(_ a: S, _ b: S) -> Bool {
    a == b || (a.isNaN && b.isNaN)
}

/// Whether two tensors have the same shape and the same numbers: how a
/// replay is checked against an eager run. Specialised, and a loop over
/// the buffers: through `zip` of two arrays in generic code, each element
/// cost metadata look-ups, and checking a 650,000-parameter VAE's
/// gradients took about 0.3 s of its first epoch.
@_specialize(where S == Float)
@_specialize(where S == Double)
func sameBits<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Bool {
    guard a.shape == b.shape else { return false }
    return a.withUnsafeScalars { x in
        b.withUnsafeScalars { y in
            for i in x.indices where !sameBits(x[i], y[i]) { return false }
            return true
        }
    }
}
