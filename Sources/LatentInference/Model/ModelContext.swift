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
    public var generator: Xoshiro256PlusPlus
    public let parameters: ParameterStore<Scalar>
    private var handlers: [any Handler<Scalar>] = []
    private var plates: [PlateFrame] = []
    private var namesInRun: Set<String> = []
    private var minibatchesInRun: [String: [Int]] = [:]

    public init(parameters: ParameterStore<Scalar> = ParameterStore(), seed: UInt64 = 0) {
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

    // MARK: The model language

    /// A latent random variable drawn from `distribution` (pathwise when the
    /// distribution is reparameterised), unless a handler supplies its value.
    /// - Throws: ``InferenceError`` for a repeated name or a batch shape that
    ///   does not fit the plates.
    @discardableResult
    public func sample(_ name: String, _ distribution: any Distribution<Scalar>) throws -> Tensor<Scalar> {
        try sampleSite(name, distribution, observed: nil)
    }

    /// A guide's latent variable without pathwise gradients, with its own
    /// score-function baseline `baseline` (a learnable value or a network's
    /// output, broadcastable to the site's batch shape): the ELBO estimators
    /// subtract it from the site's cost instead of their decaying average,
    /// and train it towards that cost by least squares (Pyro's
    /// `baseline_value`).
    @discardableResult
    public func sample(_ name: String, _ distribution: any Distribution<Scalar>, baseline: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try sampleSite(name, distribution, observed: nil, baseline: baseline)
    }

    /// A guide-only latent variable (such as an autoguide's joint draw): it
    /// enters the guide's log-density but has no counterpart in the model.
    @discardableResult
    public func auxiliarySample(_ name: String, _ distribution: any Distribution<Scalar>) throws -> Tensor<Scalar> {
        try sampleSite(name, distribution, observed: nil, auxiliaryRole: .jointDraw)
    }

    /// A guide's base noise (a flow's standard-normal draw): an auxiliary
    /// site whose draws are the randomness the guide's latent values are
    /// computed from, not those values themselves. Estimators that
    /// differentiate log q through the latent values (STL, DReG) refuse
    /// guides with such sites.
    @discardableResult
    public func baseNoise(_ name: String, _ distribution: any Distribution<Scalar>) throws -> Tensor<Scalar> {
        try sampleSite(name, distribution, observed: nil, auxiliaryRole: .baseNoise)
    }

    /// An observed random variable: its log-density at `observed` enters
    /// the log-joint.
    /// - Throws: ``InferenceError`` as ``sample(_:_:)``, and for data outside
    ///   the support or of the wrong shape.
    @discardableResult
    public func sample(_ name: String, _ distribution: any Distribution<Scalar>, observed: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try sampleSite(name, distribution, observed: observed)
    }

    /// A learnable parameter, created from `initial` on first use and kept in
    /// unconstrained space behind the bijector of `constraint`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func param(
        _ name: String, _ initial: @autoclosure () throws -> Tensor<Scalar>, constraint: Constraint<Scalar> = .real
    ) throws -> Tensor<Scalar> {
        try claim(name)
        var site = Site<Scalar>(name: name, kind: .param(constraint), value: nil, isObserved: false, plates: plates, scale: 1)
        try apply(&site) { try parameters.value(name, initial: initial, constraint: constraint) }
        return site.value!
    }

    /// `value` recorded under `name` (for predictive summaries).
    @discardableResult
    public func deterministic(_ name: String, _ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try claim(name)
        var site = Site<Scalar>(name: name, kind: .deterministic, value: value, isObserved: true, plates: plates, scale: 1)
        try apply(&site) { value }
        return site.value!
    }

    /// An arbitrary term added to the log-joint (a flat or improper prior,
    /// a penalty).
    public func factor(_ name: String, _ logDensity: Tensor<Scalar>) throws {
        try claim(name)
        var site = Site<Scalar>(name: name, kind: .factor, value: logDensity, isObserved: true, plates: plates, scale: plateScale)
        try apply(&site) { logDensity }
    }

    /// Conditionally independent sites along a batch axis of `size`. With
    /// `subsample`, a random subset of that many indices is drawn from the
    /// context's generator and handed to `body`, and every site inside has
    /// its log-density scaled by size/subsample (unbiased minibatches).
    /// The axis is the rightmost batch axis not used by an enclosing plate,
    /// unless `dim` (negative) says otherwise.
    ///
    /// A subsampled plate is a site of its own (kind
    /// ``SiteKind/subsample(size:count:)``), so replaying a guide's trace
    /// gives the model the guide's minibatch; entering the same plate again
    /// in one run reuses its indices.
    /// - Throws: ``InferenceError/invalidPlate(name:reason:)``.
    public func plate<R>(
        _ name: String, size: Int, subsample: Int? = nil, dim: Int? = nil, _ body: ([Int]) throws -> R
    ) throws -> R {
        guard size > 0 else { throw InferenceError.invalidPlate(name: name, reason: "size \(size) is not positive") }
        let count = subsample ?? size
        guard count > 0, count <= size else {
            throw InferenceError.invalidPlate(name: name, reason: "subsample \(count) is not in 1…\(size)")
        }
        let chosen = subsample == nil ? Array(0..<size) : try minibatch(name, size: size, count: count, given: nil)
        return try enter(name, size: size, indices: chosen, dim: dim, body)
    }

    /// A plate whose minibatch is chosen by the caller (an epoch's shuffled
    /// batches): `indices`, distinct and in 0..<size, scaled by
    /// size/indices.count like a drawn subsample, recorded the same way.
    /// - Throws: ``InferenceError/invalidPlate(name:reason:)``.
    public func plate<R>(
        _ name: String, size: Int, subsampleIndices indices: [Int], dim: Int? = nil, _ body: ([Int]) throws -> R
    ) throws -> R {
        guard size > 0, !indices.isEmpty, indices.count <= size, Set(indices).count == indices.count,
              indices.allSatisfy({ (0..<size).contains($0) })
        else {
            throw InferenceError.invalidPlate(name: name, reason: "subsample indices must be distinct and in 0..<\(size)")
        }
        let chosen = try minibatch(name, size: size, count: indices.count, given: indices)
        return try enter(name, size: size, indices: chosen, dim: dim, body)
    }

    private func enter<R>(_ name: String, size: Int, indices chosen: [Int], dim: Int?, _ body: ([Int]) throws -> R) throws -> R {
        let axis = try dim ?? freeDim()
        guard axis < 0, !plates.contains(where: { $0.dim == axis }) else {
            throw InferenceError.invalidPlate(name: name, reason: "dim \(axis) is not a free negative batch axis")
        }
        plates.append(PlateFrame(name: name, size: size, indices: chosen, dim: axis))
        defer { plates.removeLast() }
        return try body(chosen)
    }

    // MARK: Internals

    private var plateScale: Scalar {
        Scalar(plates.reduce(1.0) { $0 * $1.scale })
    }

    private func claim(_ name: String) throws {
        guard namesInRun.insert(name).inserted else { throw InferenceError.duplicateSite(name) }
    }

    private func freeDim() throws -> Int {
        var axis = -1
        while plates.contains(where: { $0.dim == axis }) { axis -= 1 }
        return axis
    }

    /// The plate's indices in this run: drawn once through the handler
    /// stack (which may replay or seed them), then reused.
    private func minibatch(_ name: String, size: Int, count: Int, given: [Int]?) throws -> [Int] {
        if let chosen = minibatchesInRun[name] {
            guard chosen.count == count else {
                throw InferenceError.invalidPlate(name: name, reason: "entered again with subsample \(count), not \(chosen.count)")
            }
            return chosen
        }
        var site = Site<Scalar>(
            name: name, kind: .subsample(size: size, count: count), value: nil, isObserved: true, plates: plates, scale: 1)
        try apply(&site) { site in
            if site.indices == nil { site.indices = given ?? PlateFrame.randomIndices(size: size, count: count, using: &generator) }
        }
        let chosen = site.indices!
        guard chosen.count == count, chosen.allSatisfy({ (0..<size).contains($0) }) else {
            throw InferenceError.invalidPlate(name: name, reason: "replayed indices do not fit size \(size), subsample \(count)")
        }
        minibatchesInRun[name] = chosen
        return chosen
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func sampleSite(
        _ name: String, _ distribution: any Distribution<Scalar>, observed: Tensor<Scalar>?,
        auxiliaryRole: AuxiliaryRole? = nil, baseline: Tensor<Scalar>? = nil
    ) throws -> Tensor<Scalar> {
        try claim(name)
        let fitted = try fitToPlates(name, distribution)
        if let observed { try checkObservation(name, fitted, observed) }
        var site = Site<Scalar>(
            name: name, kind: .sample(fitted), value: observed, isObserved: observed != nil, plates: plates, scale: plateScale)
        site.auxiliaryRole = auxiliaryRole
        site.baselineValue = baseline
        try apply(&site) { try draw(from: fitted, using: &generator) }
        if site.isObserved, observed == nil, let value = site.value {
            // Conditioned by a handler: the same checks as data given directly.
            try checkObservation(name, fitted, value)
        }
        return site.value!
    }

    /// The distribution with its batch shape checked against the plates
    /// (and widened over plate axes it lacks).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func fitToPlates(_ name: String, _ distribution: any Distribution<Scalar>) throws -> any Distribution<Scalar> {
        guard !plates.isEmpty else { return distribution }
        let rank = Swift.max(distribution.batchShape.count, plates.map { -$0.dim }.max() ?? 0)
        var target = [Int](repeating: 1, count: rank - distribution.batchShape.count) + distribution.batchShape
        for plate in plates {
            let position = rank + plate.dim
            let size = plate.indices.count
            if target[position] == 1 {
                target[position] = size
            } else if target[position] != size {
                throw InferenceError.plateShapeMismatch(site: name, plate: plate.name, plateSize: size, batchShape: distribution.batchShape)
            }
        }
        guard target != distribution.batchShape else { return distribution }
        do {
            return try widened(distribution, to: target)
        } catch {
            throw InferenceError.plateShapeMismatch(
                site: name, plate: plates.last!.name, plateSize: plates.last!.indices.count, batchShape: distribution.batchShape)
        }
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func checkObservation(_ name: String, _ distribution: any Distribution<Scalar>, _ value: Tensor<Scalar>) throws {
        let expected = distribution.batchShape + distribution.eventShape
        guard broadcastShape(value.shape, expected) != nil else {
            throw InferenceError.observationShapeMismatch(site: name, valueShape: value.shape, expected: expected)
        }
        guard try distribution.support.contains(value) else {
            throw InferenceError.observationOutsideSupport(site: name, requirement: distribution.support.requirement)
        }
    }

    /// The handler stack on one site: `process` from the innermost handler
    /// outward until one stops the site, the default value if none was set,
    /// then `postprocess` on the handlers that saw it, outermost first.
    private func apply(_ site: inout Site<Scalar>, default makeValue: () throws -> Tensor<Scalar>) throws {
        try apply(&site) { site in
            if site.value == nil { site.value = try makeValue() }
        }
    }

    /// As above, with `fill` completing whatever the handlers left unset.
    private func apply(_ site: inout Site<Scalar>, fill: (inout Site<Scalar>) throws -> Void) throws {
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

/// `distribution` expanded to `batchShape`, opened from its existential.
private func widened<D: Distribution>(_ distribution: D, to batchShape: [Int]) throws -> any Distribution<D.Scalar> {
    try distribution.expanded(to: batchShape)
}
