import LatentCore
import LatentDistributions

/// Draws from a model's predictive distribution: latent variables from a
/// (fitted) guide, or from the prior without one, then every other site,
/// observations included, simulated by the model.
public struct Predictive<Scalar: TensorScalar, ModelResult, GuideResult> {
    /// The model that simulates every site the guide does not supply.
    public let model: (ModelContext<Scalar>) throws -> ModelResult
    /// The guide the latent sites are drawn from; nil to draw them from the prior.
    public let guide: ((ModelContext<Scalar>) throws -> GuideResult)?

    /// Predictive draws of `model`, with its latent sites from `guide`, or
    /// from the prior when `guide` is nil.
    public init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult,
        guide: ((ModelContext<Scalar>) throws -> GuideResult)? = nil
    ) {
        self.model = model
        self.guide = guide
    }

    /// `samples` joint draws of every sample and deterministic site, stacked
    /// along a new first axis, by site name.
    /// - Throws: ``InferenceError/improperPrior(site:)`` for a site with an
    ///   improper prior (`Flat`) that the guide does not supply (every
    ///   such site, without a guide).
    public func draw(_ samples: Int, in context: ModelContext<Scalar>) throws -> [String: Tensor<Scalar>] {
        var collected: [String: StackedDraws<Scalar>] = [:]
        var names: [String] = []
        // The stacks of the latest names, in their order; back in `collected` when the names change.
        var stackedNames: [String] = []
        var stacks: [StackedDraws<Scalar>] = []
        // Compiled after the first draws when it can be (``RepeatedDraws``): the sites are the same every draw.
        try RepeatedDraws.run(samples, in: context) {
            let sites = try drawSites(in: context)
            names = sites.map(\.name)
            return sites.map(\.value)
        } consume: { values in
            if names != stackedNames {
                for (name, stack) in zip(stackedNames, stacks) { collected[name] = stack }
                stacks = zip(names, values).map { name, value in
                    collected.removeValue(forKey: name) ?? StackedDraws(shape: value.shape, capacity: samples)
                }
                stackedNames = names
            }
            for index in values.indices { try stacks[index].append(values[index]) }
        }
        for (name, stack) in zip(stackedNames, stacks) { collected[name] = stack }
        return try collected.mapValues { try $0.tensor() }
    }

    /// One joint draw: every sample and deterministic site's value, in trace order.
    private func drawSites(in context: ModelContext<Scalar>) throws -> [(name: String, value: Tensor<Scalar>)] {
        let latent = try guide.map { guide in try context.trace(guide) }
        let trace = try context.trace(unconditioning(latent.map { replaying($0, in: model) } ?? model))
        try Self.refuseImproperPriors(in: trace, suppliedBy: latent)
        return trace.sites.filter { $0.distribution != nil || $0.isDeterministic }.map { ($0.name, $0.value!.detached) }
    }
}

extension Predictive {
    /// Throws for the first site of `trace` drawn from an improper prior:
    /// one that the guide's trace `latent` does not supply.
    private static func refuseImproperPriors(in trace: Trace<Scalar>, suppliedBy latent: Trace<Scalar>?) throws {
        for site in trace.sites where site.distribution is any ImproperDistribution<Scalar> && latent?[site.name] == nil {
            throw InferenceError.improperPrior(site: site.name)
        }
    }
}

extension Predictive where GuideResult == Void {
    /// Predictive draws from a guide object (an autoguide).
    public init(model: @escaping (ModelContext<Scalar>) throws -> ModelResult, guide: some Guide<Scalar>) {
        self.init(model: model, guide: { try guide($0) })
    }
}

/// One site's draws, stacked as they arrive along a new first axis (what
/// ``Tensor/stacking(_:alongAxis:)`` of the draws would give, without a
/// tensor per draw).
struct StackedDraws<Scalar: TensorScalar> {
    let shape: [Int]
    private var scalars: [Scalar] = []
    private var count = 0

    init(shape: [Int], capacity: Int) {
        self.shape = shape
        scalars.reserveCapacity(capacity * Swift.max(shape.reduce(1, *), 1))
    }

    /// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)`` for a
    ///   draw of another shape, as stacking would.
    mutating func append(_ draw: Tensor<Scalar>) throws {
        guard draw.shape == shape else {
            throw TensorError.shapeMismatch(operation: "stacking(_:alongAxis:)", lhs: shape, rhs: draw.shape)
        }
        draw.withUnsafeScalars { scalars.append(contentsOf: $0) }
        count += 1
    }

    func tensor() throws -> Tensor<Scalar> {
        try Tensor(shape: [count] + shape, scalars: scalars)
    }
}
