import LatentCore

/// Stochastic variational inference: fits the guide's parameters (and the
/// model's) by following the gradient of a Monte Carlo ELBO loss.
public final class SVI<Scalar: TensorScalar, ModelResult, GuideResult> {
    /// The model; its `param` sites are fitted alongside the guide's.
    public let model: (ModelContext<Scalar>) throws -> ModelResult
    /// The guide whose parameters are fitted.
    public let guide: (ModelContext<Scalar>) throws -> GuideResult
    /// The loss the steps minimise.
    public let objective: any Objective<Scalar>
    /// The optimiser that updates the parameter store from the gradients.
    public let optimizer: any Optimizer<Scalar>
    /// When set, the optimiser's rate is taken from it before every step.
    public var schedule: LearningRateSchedule<Scalar>?
    /// The context every step runs in: its generator and parameter store.
    public let context: ModelContext<Scalar>
    /// The loss at each step taken.
    public private(set) var losses: [Scalar] = []
    /// Skip a step whose loss or gradient is not finite (counting it in
    /// ``skippedSteps``) instead of stopping.
    public var stableUpdate = false
    /// How many steps `stableUpdate` skipped.
    public private(set) var skippedSteps = 0

    /// SVI of `model` with `guide`.
    /// - Parameters:
    ///   - model: the model.
    ///   - guide: the guide, a closure that draws every latent site of the model.
    ///   - objective: the loss to minimise, such as ``TraceELBO``.
    ///   - optimizer: the optimiser, such as ``Adam``.
    ///   - context: the context the steps run in (a new one, seeded with 0, by default).
    public init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult,
        guide: @escaping (ModelContext<Scalar>) throws -> GuideResult,
        objective: any Objective<Scalar>, optimizer: any Optimizer<Scalar>, context: ModelContext<Scalar> = ModelContext()
    ) {
        self.model = model
        self.guide = guide
        self.objective = objective
        self.optimizer = optimizer
        self.context = context
    }

    /// Whether steps are compiled: ``StepCompilation/automatic`` (the
    /// default) captures the second step and replays it from the fourth on
    /// when the capture can be replayed; ``StepCompilation/off`` keeps every
    /// step eager.
    public var compilation: StepCompilation = .automatic {
        didSet { compiler = StepCompiler(compilation) }
    }

    /// Whether the steps are compiled, and if not, why not.
    public var compilationStatus: CompilationStatus { compiler.status }

    /// The processes this run's steps are spread over (synchronous data
    /// parallelism, as Pyro's `HorovodOptimizer`), or nil for this process
    /// alone. Every rank runs the same model, guide, objective, optimiser
    /// and seed; each computes its share of every subsampled plate's
    /// minibatch (``DataShard``), the gradients and the loss are summed over
    /// the ranks in one all-reduce per step, and every rank takes the same
    /// update. Parameters that exist before the first step (restored from
    /// a checkpoint, made by the caller) are copied from rank 0 to all; those
    /// the first step creates are checked to agree on every rank.
    ///
    /// The sum equals one process's gradient for objectives that add up over
    /// sites and data (``TraceELBO``, ``MeanFieldELBO``; the importance-weighted
    /// and Rényi bounds are refused, ``DataParallelError/objectiveDoesNotAdd(_:)``)
    /// with pathwise guide sites, up to the order of summation, when the
    /// draws inside the sharded plate come from samplers with a fixed use of
    /// the stream and each share's draw has an even count (normal draws come
    /// in pairs). Score-function sites get an unbiased gradient built from
    /// each rank's own costs instead. A rank that throws must end the job
    /// (`MPICommunicator.abort`), or the others wait for it.
    public var processGroup: (any ProcessGroup)? {
        didSet {
            reducer = processGroup.map { GradientAllReduce(group: $0) }
            parametersBroadcast = false
        }
    }

    var reducer: GradientAllReduce<Scalar>?
    /// Whether rank 0's parameters have been copied to every rank.
    private var parametersBroadcast = false
    var compiler = StepCompiler<Scalar>(.automatic)
    /// Whether the progress line has said why the steps stay eager.
    private var announcedEagerSteps = false

    /// Says once, on the progress line, that the steps stay eager and why
    /// (a model that branches on a value still works, only eagerly).
    private func announceEagerSteps(to progress: ProgressReporter?) {
        guard let progress, !announcedEagerSteps, compilation == .automatic,
              case let .eager(reason) = compilationStatus else { return }
        announcedEagerSteps = true
        progress.note("steps run eagerly: \(reason)")
    }

    /// One gradient step; returns the loss (−ELBO estimate) before it.
    /// - Throws: ``InferenceError/nonFiniteLoss(step:site:)`` when the loss
    ///   or a gradient is NaN or infinite, or the model refused a parameter
    ///   that was (a scale driven to ∞); nothing is updated then.
    @discardableResult
    public func step() throws -> Scalar {
        try broadcastParametersOnce()
        if case let .replaying(compiled) = compiler.phase {
            // The compiled step's own loop, for one step: it sets the rate.
            let start = losses.count
            let stop = try compiled.run(
                steps: 1, parameters: context.parameters, optimizer: optimizer, schedule: schedule,
                generator: &context.generator, reducer: reducer, losses: &losses, progress: nil, firstStep: start + 1)
            guard let stop else { return losses[start] }
            return try afterReplay(stop)
        }
        if let schedule { optimizer.learningRate = schedule.rate(at: losses.count) }
        return try unreplayedStep()
    }

    /// The step after a replayed one that was not taken: captured again
    /// or eager, or, in a data-parallel run whose summed loss or gradient is
    /// not finite, skipped or reported without an eager rerun (so that every
    /// rank makes one all-reduce a step, whatever its compilation).
    private func afterReplay(_ stop: CompiledSVIStep<Scalar>.Outcome) throws -> Scalar {
        switch stop {
        case let .summedNotFinite(loss):
            guard stableUpdate else { throw InferenceError.nonFiniteLoss(step: losses.count + 1, site: nil) }
            skippedSteps += 1
            return loss
        case .recapture:
            compiler.phase = .capturing
        case .eager, .taken:
            break
        }
        return try unreplayedStep()
    }

    /// In a data-parallel run, before its first step (``step()`` and every
    /// run call this first): refuses an objective
    /// whose ranks' losses do not add up to one process's, and copies rank
    /// 0's parameters to every rank.
    private func broadcastParametersOnce() throws {
        guard let reducer, !parametersBroadcast else { return }
        if objective is ImportanceWeightedELBO<Scalar> || objective is RenyiELBO<Scalar> {
            throw DataParallelError.objectiveDoesNotAdd("\(type(of: objective))")
        }
        try reducer.broadcastParameters(context.parameters)
        parametersBroadcast = true
    }

    /// A step that is not replayed (eager, or capturing or checking a
    /// compiled program on the way), after the rate is set.
    private func unreplayedStep() throws -> Scalar {
        guard var gradient = try compiledOrEagerGradient() else {
            try reducer?.reduceSkipped(
                generator: &context.generator, parameters: context.parameters, step: losses.count + 1,
                fallback: InferenceError.nonFiniteLoss(step: losses.count + 1, site: nil))
            skippedSteps += 1
            return .nan
        }
        if let reducer { gradient = try summed(gradient, by: reducer) }
        guard gradient.loss.isFinite, allFinite(gradient.values) else {
            if stableUpdate {
                skippedSteps += 1
                return gradient.loss
            }
            throw InferenceError.nonFiniteLoss(step: losses.count + 1, site: objective.firstNonFiniteSite())
        }
        try optimizer.step(context.parameters, names: gradient.names, gradients: gradient.values)
        losses.append(gradient.loss)
        return gradient.loss
    }

    /// The loss and the gradients of one step, computed eagerly (recorded
    /// into `capture` when one is given); nil when the model refused a
    /// non-finite parameter and `stableUpdate` skips the step.
    func eagerGradient(capturingInto capture: StepCapture<Scalar>? = nil) throws -> StepGradient<Scalar>? {
        var names: [String] = []
        let value: Tensor<Scalar>, gradients: [Tensor<Scalar>]
        let body = { (scope: DifferentiationScope<Scalar>) in
            let (loss, tracked) = try self.context.parameters.tracking(in: scope) {
                try self.objective.loss(model: self.model, guide: self.guide, context: self.context)
            }
            names = tracked
            return loss
        }
        // The shard is the context's only while the step's loss is formed.
        let outerShard = context.dataShard
        context.dataShard = processGroup?.shard ?? outerShard
        defer { context.dataShard = outerShard }
        do {
            if let capture {
                (value, gradients) = try valueWithGradients(capturingInto: capture, body)
            } else {
                (value, gradients) = try valueWithGradients(body)
            }
        } catch let InferenceError.nonFiniteLogWeight(site) {
            // The model refused a non-finite parameter: the loss cannot be formed, as if it were NaN.
            if stableUpdate { return nil }
            throw InferenceError.nonFiniteLoss(step: losses.count + 1, site: site)
        }
        return StepGradient(loss: try value.scalarValue, lossTensor: value, names: names, values: gradients)
    }

    /// `gradient` summed over the ranks of `reducer`'s group.
    private func summed(_ gradient: StepGradient<Scalar>, by reducer: GradientAllReduce<Scalar>) throws -> StepGradient<Scalar> {
        var values = gradient.values
        // The pointers stay valid while `gradient` holds the tensors.
        let loss = try withExtendedLifetime(gradient) {
            try reducer.reduce(
                loss: gradient.loss, gradients: gradient.values.map { $0.withUnsafeScalars { $0 } },
                generator: &context.generator, parameters: context.parameters, step: losses.count + 1
            ) { index, sum in
                values[index] = try Tensor(shape: values[index].shape, scalars: Array(sum))
            }
        }
        return StepGradient(loss: loss, lossTensor: nil, names: gradient.names, values: values)
    }

    /// `steps` steps; returns their losses.
    @discardableResult
    public func run(steps: Int, progress: ProgressReporter? = nil) throws -> [Scalar] {
        try run(steps, numberedFrom: 1, progress: progress)
    }

    /// `count` steps, numbered from `first` on the progress line; returns
    /// their losses. Replayed steps run in the compiled step's own loop
    /// (compiled for the scalar type) until one is not taken, which then
    /// runs here.
    private func run(_ count: Int, numberedFrom first: Int, progress: ProgressReporter?) throws -> [Scalar] {
        try broadcastParametersOnce()
        var taken: [Scalar] = []
        taken.reserveCapacity(Swift.max(count, 0))
        while taken.count < count {
            let loss: Scalar
            if case let .replaying(compiled) = compiler.phase {
                let start = losses.count
                let stop = try compiled.run(
                    steps: count - taken.count, parameters: context.parameters, optimizer: optimizer, schedule: schedule,
                    generator: &context.generator, reducer: reducer, losses: &losses, progress: progress,
                    firstStep: first + taken.count)
                taken += losses[start...]
                guard let stop else { break }
                loss = try afterReplay(stop)
            } else {
                loss = try step()
            }
            taken.append(loss)
            progress?.report(step: first + taken.count - 1, loss: Double(loss))
            announceEagerSteps(to: progress)
        }
        return taken
    }

    /// Runs until the mean loss of successive windows of `window` steps
    /// changes by less than `tolerance`, relatively (Stan's `tol_rel_obj`),
    /// or until `maxSteps`.
    /// - Returns: whether it converged, and after how many steps.
    @discardableResult
    public func run(
        maxSteps: Int, tolerance: Scalar, window: Int = 100, progress: ProgressReporter? = nil
    ) throws -> (converged: Bool, steps: Int) {
        var previous: Scalar?
        var taken = 0
        while taken < maxSteps {
            let count = Swift.min(window, maxSteps - taken)
            let block = try run(count, numberedFrom: taken + 1, progress: progress)
            taken += count
            let mean = block.reduce(0, +) / Scalar(count)
            if let previous, Swift.abs(mean - previous) <= tolerance * Swift.abs(mean) {
                return (true, taken)
            }
            previous = mean
        }
        return (false, taken)
    }
}

extension SVI where GuideResult == Void {
    /// SVI with a guide object (an autoguide) as the guide.
    public convenience init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult, guide: some Guide<Scalar>,
        objective: any Objective<Scalar>, optimizer: any Optimizer<Scalar>, context: ModelContext<Scalar> = ModelContext()
    ) {
        self.init(model: model, guide: { try guide($0) }, objective: objective, optimizer: optimizer, context: context)
    }
}

/// Whether every scalar of every tensor is finite.
@_specialize(where S == Double)
@_specialize(where S == Float)
func allFinite<S: TensorScalar>(_ tensors: [Tensor<S>]) -> Bool {
    tensors.allSatisfy { $0.isFinite }
}
