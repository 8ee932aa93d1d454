import LatentCore
import LatentDistributions

/// What a model or a guide receives: it names its random variables,
/// observations and parameters through this context, and the handlers
/// installed on it decide what happens to them (trace, replay, condition…).
///
/// The handler stack, the random number generator and the parameter store
/// travel in the context, never in globals; one context serves one run at
/// a time on one task.
public final class ModelContext<Scalar: TensorScalar> {
    /// The generator every draw and random minibatch of the context's runs
    /// comes from, unless a handler supplies its own.
    public var generator: Xoshiro256PlusPlus
    /// In a data-parallel run, the share of every subsampled plate's
    /// minibatch this process computes (set by ``SVI/processGroup``); nil
    /// for the whole minibatch. With a shard, sites outside the sharded
    /// plates, which every process computes alike, are scaled by 1/P, so
    /// that the processes' losses add up to the one-process loss.
    public var dataShard: DataShard?
    /// The learnable parameters that `param` reads and creates.
    public let parameters: ParameterStore<Scalar>
    private var handlers: [any Handler<Scalar>] = []
    var plates: [PlateFrame] = []
    private var namesInRun: Set<String> = []
    var minibatchesInRun: [String: [Int]] = [:]

    /// A context with no handlers installed.
    /// - Parameters:
    ///   - parameters: the parameter store (a new, empty one by default).
    ///   - seed: the seed of ``generator``.
    public init(parameters: ParameterStore<Scalar> = ParameterStore(), seed: UInt64 = 0) {
        ParallelChunks.claimCores()
        self.parameters = parameters
        self.generator = Xoshiro256PlusPlus(seed: seed)
    }

    // MARK: Running

    /// Runs `body` with `handler` installed innermost.
    public func handled<R>(by handler: any Handler<Scalar>, _ body: () throws -> R) rethrows -> R {
        handlers.append(handler)
        defer { handlers.removeLast() }
        return try body()
    }

    /// Runs `model` once as a fresh run (site names may repeat across runs,
    /// not within one) and returns its trace.
    public func trace<R>(_ model: (ModelContext) throws -> R) throws -> Trace<Scalar> {
        let recorder = TraceHandler<Scalar>()
        _ = try run { try handled(by: recorder) { try model(self) } }
        return recorder.trace
    }

    /// Runs `body` as one run of a model: site names must be unique inside it.
    public func run<R>(_ body: () throws -> R) rethrows -> R {
        let outer = (namesInRun, minibatchesInRun)
        (namesInRun, minibatchesInRun) = ([], [:])
        defer { (namesInRun, minibatchesInRun) = outer }
        return try body()
    }

    /// Runs `body` as if no plate were open (an autoguide's discovery run
    /// inside a particle plate must see the model's own shapes).
    func outsidePlates<R>(_ body: () throws -> R) rethrows -> R {
        let outer = plates
        plates = []
        defer { plates = outer }
        return try body()
    }

    /// How many batch axes the plates of `model` use: the most negative
    /// plate dim of a hidden run, negated (0 without plates).
    func plateNesting<R>(of model: (ModelContext) throws -> R) throws -> Int {
        let trace = try outsidePlates { try handled(by: BlockHandler()) { try self.trace(model) } }
        return trace.sites.flatMap(\.plates).map { -$0.dim }.max() ?? 0
    }

    // MARK: Internals

    func claim(_ name: String) throws {
        guard namesInRun.insert(name).inserted else { throw InferenceError.duplicateSite(name) }
    }

    /// The handler stack on one site: `process` from the innermost handler
    /// outward until one stops the site, the default value if none was set,
    /// then `postprocess` on the handlers that saw it, outermost first.
    func apply(_ site: inout Site<Scalar>, default makeValue: () throws -> Tensor<Scalar>) throws {
        try apply(&site) { site in
            if site.value == nil { site.value = try makeValue() }
        }
    }

    /// As above, with `fill` completing whatever the handlers left unset.
    func apply(_ site: inout Site<Scalar>, fill: (inout Site<Scalar>) throws -> Void) throws {
        var visited = 0
        for handler in handlers.reversed() {
            try handler.process(&site)
            visited += 1
            if site.stop { break }
        }
        try fill(&site)
        for handler in handlers.suffix(visited) {
            try handler.postprocess(&site)
        }
    }
}
