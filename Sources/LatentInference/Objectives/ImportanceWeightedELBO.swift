import LatentCore
import LatentDistributions

/// How the gradient of an importance-weighted bound reaches the guide.
public enum ImportanceGradient: Sendable, Equatable {
    /// Pathwise through the draws and through log q's parameters (score
    /// function for sites without pathwise gradients).
    case standard
    /// Sticking the landing (Roeder et al. 2017): the score term
    /// ∂log q/∂φ at fixed z is dropped; exactly zero gradient at an exact
    /// guide. Unbiased for the ELBO (K = 1, or α → 1), biased for K > 1.
    case stickingTheLanding
    /// Doubly reparameterised (Tucker et al. 2019): the guide's gradient is
    /// Σₖ w̃ₖ² ∂log wₖ/∂zₖ · ∂zₖ/∂φ, unbiased for the IWAE bound (α = 0) and
    /// with a signal-to-noise ratio that grows with K; the model's is the
    /// usual Σₖ w̃ₖ ∇θ log wₖ.
    case doublyReparameterized
}

/// The Rényi bound L_α = log( (1/K) Σₖ wₖ^(1−α) ) / (1 − α) with
/// wₖ = p(x, zₖ)/q(zₖ) over K particles from the guide (Li & Turner
/// 2016); the loss is −L_α. α = 0 is the importance-weighted bound (IWAE);
/// as α → 1 it becomes the ELBO; smaller α is tighter and more
/// mass-covering, and all bounds equal log p(x) at the exact posterior.
public class RenyiELBO<Scalar: TensorScalar>: Objective {
    public let alpha: Scalar
    public let particles: Int
    public let gradient: ImportanceGradient
    private var baseline: Baseline<Scalar>
    /// The first site of the last loss whose log-density was not finite
    /// (see ``ELBOEstimator``: found at once, the traces are not kept).
    private var nonFiniteSite: String?
    private var hasScoreFunctionSites = false
    /// Set when the particles are vectorised: one pass in a particle plate.
    private var particlePlate: ParticlePlate<Scalar>?

    /// - Parameter vectorizeParticles: draw the K particles in one pass
    ///   inside a particle plate (see ``TraceELBO/init(particles:baselineDecay:raoBlackwellized:vectorizeParticles:)``).
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for
    ///   α = 1 (use ``TraceELBO``), α not finite, fewer than one particle,
    ///   or DReG with α ≠ 0.
    public init(
        alpha: Scalar, particles: Int, gradient: ImportanceGradient = .standard, baselineDecay: Scalar = 0.9,
        vectorizeParticles: Bool = false
    ) throws {
        guard alpha.isFinite, alpha != 1 else {
            throw InferenceError.invalidParameter(name: "alpha", reason: "must be finite and not 1 (α = 1 is TraceELBO), got \(alpha)")
        }
        guard particles >= 1 else { throw InferenceError.invalidParameter(name: "particles", reason: "must be at least 1") }
        guard gradient != .doublyReparameterized || alpha == 0 else {
            throw InferenceError.invalidParameter(name: "gradient", reason: "DReG is derived for the IWAE bound, α = 0")
        }
        self.alpha = alpha
        self.particles = particles
        self.gradient = gradient
        baseline = Baseline(decay: baselineDecay)
        particlePlate = vectorizeParticles ? ParticlePlate(size: particles) : nil
    }

    /// −L_α in value; its gradient is the chosen estimator's.
    /// - Throws: ``InferenceError/notReparameterized(site:distribution:)``
    ///   for a guide site without pathwise gradients under STL or DReG,
    ///   ``InferenceError/guideMismatch(site:reason:)``, and whatever the
    ///   model and guide throw.
    public func loss<M, G>(
        model: (ModelContext<Scalar>) throws -> M, guide: (ModelContext<Scalar>) throws -> G, context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        nonFiniteSite = nil
        var logWeights: [Tensor<Scalar>] = []
        var pathwiseLogWeights: [Tensor<Scalar>] = []
        var modelOnlyLogJoints: [Tensor<Scalar>] = []
        var guideLogDensities: [Tensor<Scalar>] = []
        let passes = particlePlate == nil ? particles : 1
        for _ in 0..<passes {
            try inPass(model: model, context: context) {
                let guideTrace = try context.trace(guide)
                let modelTrace = try context.trace { c in try c.handled(by: ReplayHandler(guideTrace)) { try model(c) } }
                try ELBOEstimator.checkAgreement(model: modelTrace, guide: guideTrace)
                let logJoint = try perParticle(modelTrace)
                logWeights.append(try logJoint - perParticle(guideTrace))
                if nonFiniteSite == nil, !logWeights.last!.isFinite {
                    nonFiniteSite = ELBOEstimator.firstNonFiniteSite(in: [guideTrace, modelTrace])
                }
                switch gradient {
                case .standard:
                    guideLogDensities.append(try scoreFunctionLogDensity(guideTrace))
                case .stickingTheLanding:
                    try requirePathwise(guideTrace)
                    pathwiseLogWeights.append(try logJoint - frozenGuideLogDensity(guide, guideTrace, context))
                case .doublyReparameterized:
                    try requirePathwise(guideTrace)
                    let frozenModel = try context.trace { c in
                        try c.handled(by: ReplayHandler(guideTrace)) { try c.handled(by: DetachParametersHandler()) { try model(c) } }
                    }
                    pathwiseLogWeights.append(try perParticle(frozenModel) - frozenGuideLogDensity(guide, guideTrace, context))
                    let frozenDraws = try context.trace { c in
                        try c.handled(by: ReplayHandler(detachedValues(guideTrace))) { try model(c) }
                    }
                    modelOnlyLogJoints.append(try perParticle(frozenDraws))
                }
            }
        }
        let stacked = try Tensor.concatenating(logWeights)
        let bound = try renyiBound(stacked)
        let value = bound.detached
        switch gradient {
        case .standard:
            let surrogate = try scoreFunctionTerms(guideLogDensities, bound: value)
            return try -bound - surrogate
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

    public func firstNonFiniteSite() -> String? { nonFiniteSite }

    /// `body` as one pass: inside the particle plate when vectorised.
    private func inPass<M>(model: (ModelContext<Scalar>) throws -> M, context: ModelContext<Scalar>, _ body: () throws -> Void) throws {
        guard var plate = particlePlate else { return try body() }
        try plate.place(for: model, in: context)
        particlePlate = plate
        try plate.run(in: context, body)
    }

    /// A trace's log-density per particle: [K] when vectorised, else [1].
    private func perParticle(_ trace: Trace<Scalar>) throws -> Tensor<Scalar> {
        if let particlePlate { return try particlePlate.perParticle(trace) }
        return try trace.logProbSum().reshaped(to: [1])
    }

    /// L_α of the K log-weights: logsumexp((1−α)·log w) − log K, over 1−α.
    private func renyiBound(_ logWeights: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let exponent = 1 - alpha
        let logMean = try (logWeights * exponent).logSumExp() - Scalar.log(Scalar(particles))
        return logMean * (1 / exponent)
    }

    /// log q of the guide's draws with its parameters held constant: the
    /// guide rerun with the same draws and detached parameters.
    private func frozenGuideLogDensity<G>(
        _ guide: (ModelContext<Scalar>) throws -> G, _ recorded: Trace<Scalar>, _ context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        try perParticle(context.trace { c in
            try c.handled(by: ReplayHandler(recorded)) { try c.handled(by: DetachParametersHandler()) { try guide(c) } }
        })
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
        if let noise = guide.sites.first(where: \.isBaseNoise) {
            throw InferenceError.invalidParameter(
                name: "gradient", reason: "STL and DReG need log q as a function of the latent draws, but guide site "
                    + "'\(noise.name)' is base noise (a flow guide); use .standard")
        }
        for site in guide.sites where site.distribution != nil && !site.isObserved {
            guard site.distribution is any ReparameterizedDistribution<Scalar> else {
                throw InferenceError.notReparameterized(site: site.name, distribution: "\(type(of: site.distribution!))")
            }
        }
    }

    /// Σ log q over the guide sites that need score-function gradients.
    private func scoreFunctionLogDensity(_ guide: Trace<Scalar>) throws -> Tensor<Scalar> {
        let sites = guide.sites
            .filter { $0.distribution != nil && !$0.isObserved && !($0.distribution is any ReparameterizedDistribution<Scalar>) }
        hasScoreFunctionSites = !sites.isEmpty
        // Unscaled: subsampling scales the bound, not the score function.
        return try sites.reduce(Tensor(0)) { try $0 + ($1.maskedLogDensity()?.sum() ?? Tensor(0)) }
    }

    /// Σₖ log q(zₖ)·(L − b) minus its own value: zero in value, the
    /// score-function gradient of the bound (with a decaying-average
    /// baseline b) in derivative.
    private func scoreFunctionTerms(_ logDensities: [Tensor<Scalar>], bound: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard hasScoreFunctionSites else { return Tensor(0) }
        let current = try bound.scalarValue
        let b = baseline.update(with: current)
        let total = try logDensities.reduce(Tensor(0)) { try $0 + $1 }
        return try (total - total.detached) * (current - b)
    }
}

/// The importance-weighted bound log( (1/K) Σₖ p(x, zₖ)/q(zₖ) ) (Burda et
/// al. 2016): tighter than the ELBO, and → log p(x) as K grows. The Rényi
/// bound at α = 0, with DReG gradients available.
public final class ImportanceWeightedELBO<Scalar: TensorScalar>: RenyiELBO<Scalar> {
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for fewer than one particle.
    public init(particles: Int, gradient: ImportanceGradient = .standard) throws {
        try super.init(alpha: 0, particles: particles, gradient: gradient)
    }
}
