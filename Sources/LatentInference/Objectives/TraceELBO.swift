import LatentCore
import LatentDistributions

/// A loss whose gradient fits a guide: SVI minimises it.
public protocol Objective<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar
    /// The loss to differentiate for one step.
    func loss<M, G>(
        model: (ModelContext<Scalar>) throws -> M, guide: (ModelContext<Scalar>) throws -> G, context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar>
    /// The first site of the last evaluation whose log-density was not finite.
    func firstNonFiniteSite() -> String?
}

/// The evidence lower bound ELBO = E_q[log p(x, z) − log q(z)], estimated
/// by Monte Carlo over `particles` draws of the guide; the loss is −ELBO.
///
/// Gradients are pathwise through reparameterised guide sites. For a guide
/// site without pathwise gradients, the score-function term
/// log q(z)·(ELBO − b) is added to a surrogate loss (its value is unchanged,
/// its gradient is the REINFORCE estimator), with b a decaying average of
/// past ELBOs as a variance-reducing baseline: such sites never get silently
/// zero gradients. Inside plates, each element's cost is only the terms
/// that share its plate element (Rao-Blackwellisation, ``PlateCosts``).
public final class TraceELBO<Scalar: TensorScalar>: Objective {
    var estimator: ELBOEstimator<Scalar>

    /// - Parameters:
    ///   - raoBlackwellized: charge each element of a plated
    ///     non-reparameterised site only with the costs that share its plate
    ///     element (``PlateCosts``), rather than with the whole ELBO.
    ///   - vectorizeParticles: draw the K particles in one pass, inside an
    ///     outer plate `_particles` left of every plate of the model (Pyro's
    ///     `vectorize_particles`): much faster for small models, but the
    ///     model and guide must broadcast over that leading axis. Score
    ///     functions are then always Rao-Blackwellised over particles.
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for fewer than one particle.
    public init(particles: Int = 1, baselineDecay: Scalar = 0.9, raoBlackwellized: Bool = true, vectorizeParticles: Bool = false) throws {
        estimator = try ELBOEstimator(
            particles: particles, baselineDecay: baselineDecay, analyticKL: false,
            raoBlackwellized: raoBlackwellized || vectorizeParticles, vectorizeParticles: vectorizeParticles)
    }

    public var particles: Int { estimator.particles }

    /// −ELBO, plus score-function terms whose value is zero.
    /// - Throws: ``InferenceError/guideMismatch(site:reason:)`` when the guide
    ///   and model disagree on the latent sites, and whatever they throw.
    public func loss<M, G>(
        model: (ModelContext<Scalar>) throws -> M, guide: (ModelContext<Scalar>) throws -> G, context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        try estimator.loss(model: model, guide: guide, context: context)
    }

    public func firstNonFiniteSite() -> String? { estimator.nonFiniteSite }
}

/// The ELBO with each latent site's log p − log q replaced by −KL(q‖p) in
/// closed form where the registry has the pair (Monte Carlo otherwise):
/// the same expectation. The variance is usually lower far from the
/// optimum; near it the Monte Carlo terms cancel against the likelihood and
/// can be quieter. Assumes a mean-field guide, whose sites do not depend on
/// each other.
public final class MeanFieldELBO<Scalar: TensorScalar>: Objective {
    var estimator: ELBOEstimator<Scalar>

    /// - Parameter vectorizeParticles: as for ``TraceELBO``.
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for fewer than one particle.
    public init(particles: Int = 1, baselineDecay: Scalar = 0.9, vectorizeParticles: Bool = false) throws {
        estimator = try ELBOEstimator(
            particles: particles, baselineDecay: baselineDecay, analyticKL: true, raoBlackwellized: true,
            vectorizeParticles: vectorizeParticles)
    }

    public func loss<M, G>(
        model: (ModelContext<Scalar>) throws -> M, guide: (ModelContext<Scalar>) throws -> G, context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        try estimator.loss(model: model, guide: guide, context: context)
    }

    public func firstNonFiniteSite() -> String? { estimator.nonFiniteSite }
}

/// The computation both ELBOs share.
struct ELBOEstimator<Scalar: TensorScalar> {
    let particles: Int
    let baselineDecay: Scalar
    let analyticKL: Bool
    let raoBlackwellized: Bool
    private var baseline: Baseline<Scalar>
    /// Per-site baselines for plated sites, of their mean element cost.
    private var siteBaselines: [String: Baseline<Scalar>] = [:]
    /// The first site of the last loss whose log-density was not finite,
    /// found when that pass's ELBO was not (the traces themselves are not
    /// kept: they hold the parameters, which the optimiser then updates in
    /// place).
    private(set) var nonFiniteSite: String?
    /// Set when the particles are vectorised: one pass in a particle plate.
    private var particlePlate: ParticlePlate<Scalar>?

    init(particles: Int, baselineDecay: Scalar, analyticKL: Bool, raoBlackwellized: Bool, vectorizeParticles: Bool) throws {
        guard particles >= 1 else { throw InferenceError.invalidParameter(name: "particles", reason: "must be at least 1") }
        self.particles = particles
        self.baselineDecay = baselineDecay
        self.analyticKL = analyticKL
        self.raoBlackwellized = raoBlackwellized
        baseline = Baseline(decay: baselineDecay)
        particlePlate = vectorizeParticles ? ParticlePlate(size: particles) : nil
    }

    mutating func loss<M, G>(
        model: (ModelContext<Scalar>) throws -> M, guide: (ModelContext<Scalar>) throws -> G, context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        var total = Tensor<Scalar>(0)
        nonFiniteSite = nil
        // Vectorised, one pass holds every particle and its ELBO is their sum.
        for _ in 0..<(particlePlate == nil ? particles : 1) {
            let (guideTrace, modelTrace) = try inPass(model: model, context: context) {
                let guideTrace = try context.trace(guide)
                return (guideTrace, try context.trace { c in try c.handled(by: ReplayHandler(guideTrace)) { try model(c) } })
            }
            try Self.checkAgreement(model: modelTrace, guide: guideTrace)
            let elbo = try analyticKL ? meanFieldELBO(model: modelTrace, guide: guideTrace)
                : modelTrace.logProbSum() - guideTrace.logProbSum()
            if nonFiniteSite == nil, !elbo.isFinite { nonFiniteSite = Self.firstNonFiniteSite(in: [guideTrace, modelTrace]) }
            total = try total - elbo - scoreFunctionTerms(guideTrace, modelTrace, elbo: elbo)
        }
        return total * (1 / Scalar(particles))
    }

    /// `body` as one pass: inside the particle plate when vectorised.
    private mutating func inPass<M, R>(
        model: (ModelContext<Scalar>) throws -> M, context: ModelContext<Scalar>, _ body: () throws -> R
    ) throws -> R {
        guard var plate = particlePlate else { return try body() }
        try plate.place(for: model, in: context)
        particlePlate = plate
        return try plate.run(in: context, body)
    }

    /// Σ over model sites of their log-densities, with every latent site the
    /// registry covers contributing −KL(q‖p) (scaled and masked like the
    /// site) instead of log p(z) − log q(z).
    private func meanFieldELBO(model: Trace<Scalar>, guide: Trace<Scalar>) throws -> Tensor<Scalar> {
        var total = Tensor<Scalar>(0)
        var covered: Set<String> = []
        for site in model.sites {
            guard let p = site.distribution, !site.isObserved, let guideSite = guide[site.name], let q = guideSite.distribution,
                  let kl = try? klDivergence(q, p)
            else {
                total = try total + site.logProbSum()
                continue
            }
            let kept = try site.mask.map { try select(where: $0, kl, Tensor(0)) } ?? kl
            total = try total - kept.sum() * site.scale
            covered.insert(site.name)
        }
        for site in guide.sites where !covered.contains(site.name) {
            total = try total - site.logProbSum()
        }
        return total
    }

    /// Σ log q(z)·(cost − b) − its own value, over non-reparameterised
    /// guide sites: zero in value, the REINFORCE gradient in derivative.
    /// The cost is the ELBO, or per plate element its Rao-Blackwellised part;
    /// log q is unscaled (subsampling scales the costs, as in Pyro).
    private mutating func scoreFunctionTerms(
        _ guide: Trace<Scalar>, _ model: Trace<Scalar>, elbo: Tensor<Scalar>
    ) throws -> Tensor<Scalar> {
        let sites = guide.latentSites.filter { !($0.distribution is any ReparameterizedDistribution<Scalar>) }
        guard !sites.isEmpty else { return Tensor(0) }
        let current = try elbo.detached.scalarValue
        let b = baseline.update(with: current)
        let costs = try raoBlackwellized && sites.contains { !$0.plates.isEmpty } ? signedCosts(guide, model) : []
        var total = Tensor<Scalar>(0)
        for site in sites {
            guard let logQ = try site.maskedLogDensity() else { continue }
            let score = try logQ - logQ.detached
            let plated = !costs.isEmpty && !site.plates.isEmpty
            let cost = try plated ? PlateCosts.elementCosts(for: site, batchRank: logQ.rank, costs: costs) : Tensor(current)
            if let learned = site.baselineValue {
                // The guide's baseline: in the score term as a constant, and
                // trained towards the cost by a zero-valued least-squares term.
                let error = try ((learned - cost) * (learned - cost)).sum()
                total = try total + (score * (cost - learned.detached)).sum() - (error - error.detached)
            } else if plated {
                let meanCost = try cost.mean().scalarValue
                let fresh = Baseline(decay: baselineDecay)
                let siteBaseline = siteBaselines[site.name, default: fresh].update(with: meanCost)
                total = try total + (score * (cost - siteBaseline)).sum()
            } else {
                total = try total + score.sum() * (current - b)
            }
        }
        return total
    }

    /// Every site's detached terms, log p for the model's and −log q for the guide's.
    private func signedCosts(_ guide: Trace<Scalar>, _ model: Trace<Scalar>) throws -> [(plates: [PlateFrame], terms: Tensor<Scalar>)] {
        var costs: [(plates: [PlateFrame], terms: Tensor<Scalar>)] = []
        for site in model.sites {
            if let terms = try site.logProbTerms() { costs.append((site.plates, terms.detached)) }
        }
        for site in guide.sites {
            if let terms = try site.logProbTerms() { costs.append((site.plates, -terms.detached)) }
        }
        return costs
    }

    static func checkAgreement(model: Trace<Scalar>, guide: Trace<Scalar>) throws {
        let modelLatents = Set(model.latentSites.map(\.name))
        let guideLatents = Set(guide.latentSites.map(\.name))
        if let missing = modelLatents.subtracting(guideLatents).sorted().first {
            throw InferenceError.guideMismatch(site: missing, reason: "the model has this latent site but the guide does not")
        }
        if let extra = guideLatents.subtracting(Set(model.sites.map(\.name))).sorted().first {
            throw InferenceError.guideMismatch(site: extra, reason: "the guide has this site but the model does not")
        }
    }

    /// The first site of `traces` whose log-density is not finite.
    static func firstNonFiniteSite(in traces: [Trace<Scalar>]) -> String? {
        for site in traces.flatMap(\.sites) {
            if let value = try? site.logProbSum(), !value.isFinite { return site.name }
        }
        return nil
    }
}
