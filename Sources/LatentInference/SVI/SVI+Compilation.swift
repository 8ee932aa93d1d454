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
        case verifying(CompiledProgram<Scalar>, names: [String])
        /// Steps are replayed.
        case replaying(CompiledProgram<Scalar>, names: [String])
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
        case let .replaying(program, _): return .compiled(operations: program.operationCount)
        case let .eager(reason): return .eager(reason: reason)
        }
    }
}

extension SVI {
    /// The step's gradient: replayed when the step is compiled, otherwise
    /// eager (capturing or checking a capture on the way).
    func compiledOrEagerGradient() throws -> StepGradient<Scalar>? {
        switch compiler.phase {
        case .warmingUp:
            let gradient = try eagerGradient()
            if gradient != nil { compiler.phase = .capturing }
            return gradient
        case .capturing:
            return try capturedGradient()
        case let .verifying(program, names):
            return try verifiedGradient(program, names: names)
        case let .replaying(program, names):
            return try replayedGradient(program, names: names)
        case .eager:
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
            compiler.phase = .verifying(program, names: gradient.names)
        } catch let refusal as CaptureRefusal {
            compiler.phase = .eager(refusal.reason)
        }
        return gradient
    }

    /// The replayed and the eager step from the same state: the eager one is
    /// taken, and the program is kept only when the two agree to the bit.
    private func verifiedGradient(_ program: CompiledProgram<Scalar>, names: [String]) throws -> StepGradient<Scalar>? {
        let before = context.generator
        let replayed = try? replay(program, names: names)
        let afterReplay = context.generator
        context.generator = before
        guard let eager = try eagerGradient() else {
            compiler.phase = .eager("the step was skipped while its compiled program was being checked")
            return nil
        }
        if let difference = difference(between: replayed, and: eager, generators: afterReplay == context.generator) {
            compiler.phase = .eager("a replay of the captured step differed from the eager step: \(difference)")
        } else {
            compiler.phase = .replaying(program, names: names)
        }
        return eager
    }

    /// A replayed step; on anything unusual (a failed check, a non-finite
    /// value, new parameters) the step is taken again eagerly from the same
    /// state, so that it fails, skips or recaptures exactly as eager SVI would.
    private func replayedGradient(_ program: CompiledProgram<Scalar>, names: [String]) throws -> StepGradient<Scalar>? {
        let before = context.generator
        do {
            let gradient = try replay(program, names: names)
            if gradient.loss.isFinite && allFinite(gradient.values) { return gradient }
        } catch CompiledRunError.variablesChanged {
            compiler.phase = .capturing
        } catch {}
        context.generator = before
        return try eagerGradient()
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

    private func replay(_ program: CompiledProgram<Scalar>, names: [String]) throws -> StepGradient<Scalar> {
        let variables = try names.map { name in
            guard let value = context.parameters.unconstrainedValue(name) else { throw CompiledRunError.variablesChanged }
            return value
        }
        let loss = try program.run(variables: variables, generator: &context.generator)
        return StepGradient(
            loss: loss, lossTensor: nil, names: names, values: names.indices.map { program.gradientView(of: $0) })
    }
}

/// Whether two scalars are the same number (NaN counting as one number).
private func sameBits<S: TensorScalar>(_ a: S, _ b: S) -> Bool {
    a == b || (a.isNaN && b.isNaN)
}

/// Whether two tensors have the same shape and the same numbers.
private func sameBits<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Bool {
    a.shape == b.shape && zip(a.scalars, b.scalars).allSatisfy(sameBits)
}
