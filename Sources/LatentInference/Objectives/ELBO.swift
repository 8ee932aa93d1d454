import LatentCore
import LatentDistributions

/// The evidence lower bound ELBO = E_q[log p(x, z) − log q(z)] over
/// `particles` draws of the guide, as a loss −ELBO (Pyro's `ELBO`): the
/// computation ``TraceELBO`` and ``MeanFieldELBO`` share. Per pass it takes
/// log p(x, z) − log q(z) (or, for ``MeanFieldELBO``, −KL(q‖p) in closed
/// form where it can), plus the zero-valued score-function terms of the
/// guide's non-reparameterised sites.
public class ELBO<Scalar: TensorScalar>: Objective {
    let passes: ParticlePasses<Scalar>
    let analyticKL: Bool
    let raoBlackwellized: Bool
    /// Per-site baselines for plated sites, of their mean element cost.
    private var siteBaselines: [String: Baseline<Scalar>] = [:]

    init(particles: Int, baselineDecay: Scalar, analyticKL: Bool, raoBlackwellized: Bool, vectorizeParticles: Bool) throws {
        passes = try ParticlePasses(particles: particles, baselineDecay: baselineDecay, vectorized: vectorizeParticles)
        self.analyticKL = analyticKL
        self.raoBlackwellized = raoBlackwellized
    }

    /// K, the number of guide draws per estimate.
    public var particles: Int { passes.particles }

    /// −ELBO averaged over the particles, plus score-function terms whose
    /// value is zero.
    /// - Throws: ``InferenceError/guideMismatch(site:reason:)`` when the guide
    ///   and model disagree on the latent sites, and whatever they throw.
    public func loss<M, G>(
        model: @escaping (ModelContext<Scalar>) throws -> M, guide: @escaping (ModelContext<Scalar>) throws -> G,
        context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        var total = Tensor<Scalar>(0)
        try passes.evaluate(model: model, guide: guide, context: context) { pass in
            let elbo = try analyticKL ? meanFieldELBO(pass) : pass.logWeight()
            total = try total - elbo - scoreFunctionTerms(pass, elbo: elbo)
            return elbo
        }
        // Vectorised, one pass holds every particle and its ELBO is their sum.
        return total * (1 / Scalar(passes.particles))
    }

    /// The first site whose log-density was not finite in the last
    /// ``loss(model:guide:context:)``, or nil.
    public func firstNonFiniteSite() -> String? { passes.nonFiniteSite }

    /// Σ over model sites of their log-densities, with every latent site the
    /// registry covers contributing −KL(q‖p) (scaled and masked like the
    /// site) instead of log p(z) − log q(z).
    private func meanFieldELBO(_ pass: ImportancePass<Scalar>) throws -> Tensor<Scalar> {
        var total = Tensor<Scalar>(0)
        var covered: Set<String> = []
        for site in pass.modelTrace.sites {
            guard let p = site.distribution, !site.isObserved, let guideSite = pass.guideTrace[site.name],
                  let q = guideSite.distribution, let kl = try? klDivergence(q, p)
            else {
                total = try total + site.logProbSum()
                continue
            }
            let kept = try site.mask.map { try select(where: $0, kl, Tensor(0)) } ?? kl
            total = try total - kept.sum() * site.scale
            covered.insert(site.name)
        }
        for site in pass.guideTrace.sites where !covered.contains(site.name) {
            total = try total - site.logProbSum()
        }
        return total
    }

    /// Σ log q(z)·(cost − b) − its own value, over non-reparameterised
    /// guide sites: zero in value, the REINFORCE gradient in derivative.
    /// The cost is the ELBO, or per plate element its Rao-Blackwellised part;
    /// log q is unscaled (subsampling scales the costs, as in Pyro).
    private func scoreFunctionTerms(_ pass: ImportancePass<Scalar>, elbo: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let sites = ParticlePasses.scoreFunctionSites(of: pass.guideTrace)
        guard !sites.isEmpty else { return Tensor(0) }
        let current = try elbo.detached.scalarValue
        let b = passes.baseline.update(with: current)
        let costs = try raoBlackwellized && sites.contains { !$0.plates.isEmpty } ? signedCosts(pass) : []
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
                let fresh = Baseline(decay: passes.baseline.decay)
                let siteBaseline = siteBaselines[site.name, default: fresh].update(with: meanCost)
                total = try total + (score * (cost - siteBaseline)).sum()
            } else {
                total = try total + score.sum() * (current - b)
            }
        }
        return total
    }

    /// Every site's detached terms, log p for the model's and −log q for the guide's.
    private func signedCosts(_ pass: ImportancePass<Scalar>) throws -> [(plates: [PlateFrame], terms: Tensor<Scalar>)] {
        var costs: [(plates: [PlateFrame], terms: Tensor<Scalar>)] = []
        for site in pass.modelTrace.sites {
            if let terms = try site.logProbTerms() { costs.append((site.plates, terms.detached)) }
        }
        for site in pass.guideTrace.sites {
            if let terms = try site.logProbTerms() { costs.append((site.plates, -terms.detached)) }
        }
        return costs
    }
}
