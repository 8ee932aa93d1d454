import LatentCore
import LatentDistributions

/// The Rényi bound L_α = log( (1/K) Σₖ wₖ^(1−α) ) / (1 − α) with
/// wₖ = p(x, zₖ)/q(zₖ) over K particles from the guide (Li & Turner
/// 2016); the loss is −L_α. α = 0 is the importance-weighted bound (IWAE);
/// as α → 1 it becomes the ELBO; smaller α is tighter and more
/// mass-covering, and all bounds equal log p(x) at the exact posterior.
public class RenyiELBO<Scalar: TensorScalar>: Objective {
    /// α, the order of the Rényi divergence the bound comes from (0: IWAE).
    public let alpha: Scalar
    /// The gradient estimator.
    public let gradient: ImportanceGradient
    private let passes: ParticlePasses<Scalar>

    /// The Rényi bound of order `alpha` over `particles` draws of the guide.
    /// - Parameters:
    ///   - alpha: α, finite and not 1; 0 gives the IWAE bound.
    ///   - particles: K, the number of guide draws per estimate (at least 1).
    ///   - gradient: the gradient estimator (``ImportanceGradient``);
    ///     `.doublyReparameterized` requires α = 0.
    ///   - baselineDecay: γ in the score-function baseline b ← γb + (1 − γ)L_α,
    ///     started at the first bound (0.9 by default); only used for guide
    ///     sites without pathwise gradients.
    ///   - vectorizeParticles: draw the K particles in one pass
    ///     inside a particle plate (see ``TraceELBO/init(particles:baselineDecay:raoBlackwellized:vectorizeParticles:)``).
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for
    ///   α = 1 (use ``TraceELBO``), α not finite, fewer than one particle,
    ///   or DReG with α ≠ 0.
    public init(
        alpha: Scalar, particles: Int, gradient: ImportanceGradient = .standard, baselineDecay: Scalar = 0.9,
        vectorizeParticles: Bool = false
    ) throws {
        guard alpha.isFinite, alpha != 1 else {
            throw InferenceError.invalidArgument(name: "alpha", reason: "must be finite and not 1 (α = 1 is TraceELBO), got \(alpha)")
        }
        guard gradient != .doublyReparameterized || alpha == 0 else {
            throw InferenceError.invalidArgument(name: "gradient", reason: "DReG is derived for the IWAE bound, α = 0")
        }
        self.alpha = alpha
        self.gradient = gradient
        passes = try ParticlePasses(particles: particles, baselineDecay: baselineDecay, vectorized: vectorizeParticles)
    }

    /// K, the number of guide draws per estimate.
    public var particles: Int { passes.particles }

    /// −L_α in value; its gradient is the chosen estimator's.
    /// - Throws: ``InferenceError/notReparameterized(site:distribution:)``
    ///   for a guide site without pathwise gradients under STL or DReG,
    ///   ``InferenceError/invalidArgument(name:reason:)`` for a flow guide
    ///   (base noise) under STL or DReG,
    ///   ``InferenceError/guideMismatch(site:reason:)``, and whatever the
    ///   model and guide throw.
    public func loss<M, G>(
        model: @escaping (ModelContext<Scalar>) throws -> M, guide: @escaping (ModelContext<Scalar>) throws -> G,
        context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        var logWeights: [Tensor<Scalar>] = []
        // Per gradient estimator: the score-function log-densities (standard),
        // the pathwise log weights (STL, DReG), the model-only log-joints (DReG).
        var scoreLogDensities: [Tensor<Scalar>] = []
        var pathwiseLogWeights: [Tensor<Scalar>] = []
        var modelOnlyLogJoints: [Tensor<Scalar>] = []
        try passes.evaluate(model: model, guide: guide, context: context) { pass in
            let logJoint = try passes.perParticle(pass.modelTrace)
            let logWeight = try logJoint - passes.perParticle(pass.guideTrace)
            logWeights.append(logWeight)
            switch gradient {
            case .standard:
                if let logQ = try scoreFunctionLogDensity(pass.guideTrace) { scoreLogDensities.append(logQ) }
            case .stickingTheLanding:
                try requirePathwise(pass.guideTrace)
                pathwiseLogWeights.append(try logJoint - frozenGuideLogDensity(guide, pass, context))
            case .doublyReparameterized:
                try requirePathwise(pass.guideTrace)
                let frozenModel = try context.trace(replaying(pass.guideTrace, in: detachingParameters(in: model)))
                pathwiseLogWeights.append(try passes.perParticle(frozenModel) - frozenGuideLogDensity(guide, pass, context))
                let frozenDraws = try context.trace(replaying(detachedValues(pass.guideTrace), in: model))
                modelOnlyLogJoints.append(try passes.perParticle(frozenDraws))
            }
            return logWeight
        }
        let stacked = try Tensor.concatenating(logWeights)
        let bound = try renyiBound(stacked)
        let value = bound.detached
        switch gradient {
        case .standard:
            return try -bound - scoreFunctionTerms(scoreLogDensities, bound: value)
        case .stickingTheLanding:
            let pathwise = try renyiBound(Tensor.concatenating(pathwiseLogWeights))
            return try -(value + pathwise - pathwise.detached)
        case .doublyReparameterized:
            let normalised = try stacked.detached.softmax(alongAxis: 0)
            let guidePart = try (normalised * normalised * Tensor.concatenating(pathwiseLogWeights)).sum()
            let modelPart = try (normalised * Tensor.concatenating(modelOnlyLogJoints)).sum()
            let surrogate = try guidePart + modelPart
            return try -(value + surrogate - surrogate.detached)
        }
    }

    /// The first site whose log-density was not finite in the last
    /// ``loss(model:guide:context:)``, or nil.
    public func firstNonFiniteSite() -> String? { passes.nonFiniteSite }

    /// L_α of the K log-weights: logsumexp((1−α)·log w) − log K, over 1−α.
    private func renyiBound(_ logWeights: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let exponent = 1 - alpha
        let logMean = (logWeights * exponent).logSumExp() - Scalar.log(Scalar(particles))
        return logMean * (1 / exponent)
    }

    /// log q of the guide's draws with its parameters held constant: the
    /// guide rerun with the same draws and detached parameters.
    private func frozenGuideLogDensity<G>(
        _ guide: @escaping (ModelContext<Scalar>) throws -> G, _ pass: ImportancePass<Scalar>, _ context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        try passes.perParticle(context.trace(replaying(pass.guideTrace, in: detachingParameters(in: guide))))
    }

    /// The trace with every value cut from the graph (draws as constants).
    private func detachedValues(_ trace: Trace<Scalar>) -> Trace<Scalar> {
        var copy = Trace<Scalar>()
        for var site in trace.sites {
            site.value = site.value?.detached
            copy.append(site)
        }
        return copy
    }

    private func requirePathwise(_ guide: Trace<Scalar>) throws {
        if let noise = guide.sites.first(where: { $0.auxiliaryRole == .baseNoise }) {
            throw InferenceError.invalidArgument(
                name: "gradient", reason: "STL and DReG need log q as a function of the latent draws, but guide site "
                    + "'\(noise.name)' is base noise (a flow guide); use .standard")
        }
        if let site = ParticlePasses.scoreFunctionSites(of: guide).first {
            throw InferenceError.notReparameterized(site: site.name, distribution: "\(type(of: site.distribution!))")
        }
    }

    /// Σ log q over the guide sites that need score-function gradients;
    /// unscaled: subsampling scales the bound, not the score function.
    private func scoreFunctionLogDensity(_ guide: Trace<Scalar>) throws -> Tensor<Scalar>? {
        let sites = ParticlePasses.scoreFunctionSites(of: guide)
        guard !sites.isEmpty else { return nil }
        return try sites.reduce(Tensor(0)) { try $0 + ($1.maskedLogDensity()?.sum() ?? Tensor(0)) }
    }

    /// Σₖ log q(zₖ)·(L − b) minus its own value: zero in value, the
    /// score-function gradient of the bound (with a decaying-average
    /// baseline b) in derivative.
    private func scoreFunctionTerms(_ logDensities: [Tensor<Scalar>], bound: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard !logDensities.isEmpty else { return Tensor(0) }
        let current = try bound.scalarValue
        let b = passes.baseline.update(with: current)
        let total = try logDensities.reduce(Tensor(0)) { try $0 + $1 }
        return try (total - total.detached) * (current - b)
    }
}
