import LatentCore
import LatentDistributions

// The model language's primitives: sample sites (latent, observed,
// guide-only), parameters, deterministic sites and factors.
extension ModelContext {
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
    // Kept for the `svi` benchmark: every parameter is read through here on every step.
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

    // Kept for the `svi` benchmark: every sample site passes through here.
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
        try apply(&site) { try shardedPlate == nil ? draw(from: fitted, using: &generator) : shareOfDraws(from: fitted) }
        if site.isObserved, observed == nil, let value = site.value {
            // Conditioned by a handler: the same checks as data given directly.
            try checkObservation(name, fitted, value)
        }
        return site.value!
    }

    /// A draw inside a sharded plate: the P shares' draws made in rank
    /// order, all from `fitted` (this share's distribution), and this
    /// share's kept. Every rank uses the stream alike and stays in step with
    /// the others; where the sampler's use of the stream does not depend on
    /// its parameters, the plate's axis leads the draw and each share's
    /// count is even (normal draws come in pairs, and an odd count leaves
    /// one unused), each share gets exactly the numbers one process drawing
    /// the whole minibatch would give its rows, so P processes reproduce one.
    private func shareOfDraws(from fitted: any Distribution<Scalar>) throws -> Tensor<Scalar> {
        let shard = dataShard!
        var kept: Tensor<Scalar>?
        for share in 0..<shard.count {
            let value = try draw(from: fitted, using: &generator)
            if share == shard.rank { kept = value }
        }
        return kept!
    }

    /// The distribution with its batch shape checked against the plates
    /// (and widened over plate axes it lacks).
    // Kept for the `svi` benchmark: every sample site passes through here.
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

    // Kept for the `svi` benchmark: every sample site passes through here.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func checkObservation(_ name: String, _ distribution: any Distribution<Scalar>, _ value: Tensor<Scalar>) throws {
        let expected = distribution.batchShape + distribution.eventShape
        guard broadcastShape(value.shape, expected) != nil else {
            throw InferenceError.observationShapeMismatch(site: name, valueShape: value.shape, expected: expected)
        }
        // A check a compiled step repeats on every replay (the data of a minibatch).
        guard value.satisfies({ (try? distribution.support.contains($0)) ?? false }) else {
            throw InferenceError.observationOutsideSupport(site: name, requirement: distribution.support.requirement)
        }
    }
}

/// `distribution` expanded to `batchShape`, opened from its existential.
private func widened<D: Distribution>(_ distribution: D, to batchShape: [Int]) throws -> any Distribution<D.Scalar> {
    try distribution.expanded(to: batchShape)
}
