import LatentCore
import LatentDistributions

/// The evidence lower bound ELBO = E_q[log p(x, z) − log q(z)], estimated
/// by Monte Carlo over `particles` draws of the guide; the loss is −ELBO.
///
/// Gradients are pathwise through reparameterised guide sites. For a guide
/// site without pathwise gradients, the score-function term
/// log q(z)·(ELBO − b) is added to a surrogate loss (its value is unchanged,
/// its gradient is the REINFORCE estimator), with b a decaying average of
/// past ELBOs as a variance-reducing baseline: such sites never get silently
/// zero gradients.
public final class TraceELBO<Scalar: TensorScalar> {
    public let particles: Int
    /// The weight of the past in the baseline's moving average.
    public let baselineDecay: Scalar
    private var baseline: Scalar?
    /// The sites whose log-densities were last computed, for diagnosing a
    /// non-finite loss.
    private(set) var lastTraces: (model: Trace<Scalar>, guide: Trace<Scalar>)?

    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for fewer than one particle.
    public init(particles: Int = 1, baselineDecay: Scalar = 0.9) throws {
        guard particles >= 1 else { throw InferenceError.invalidParameter(name: "particles", reason: "must be at least 1") }
        self.particles = particles
        self.baselineDecay = baselineDecay
    }

    /// The loss to differentiate: −ELBO, plus score-function terms whose
    /// value is zero.
    /// - Throws: ``InferenceError/guideMismatch(site:reason:)`` when the guide
    ///   and model disagree on the latent sites, and whatever they throw.
    public func loss<M, G>(
        model: (ModelContext<Scalar>) throws -> M, guide: (ModelContext<Scalar>) throws -> G, context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        var total = Tensor<Scalar>(0)
        for _ in 0..<particles {
            let guideTrace = try context.trace(guide)
            let modelTrace = try context.trace { c in try c.handled(by: ReplayHandler(guideTrace)) { try model(c) } }
            try Self.checkAgreement(model: modelTrace, guide: guideTrace)
            lastTraces = (modelTrace, guideTrace)
            let elbo = try modelTrace.logProbSum() - guideTrace.logProbSum()
            total = try total - elbo - scoreFunctionTerms(guideTrace, elbo: elbo)
        }
        return total * (1 / Scalar(particles))
    }

    /// Σ log q(z)·(ELBO − b) − its own value, over non-reparameterised guide
    /// sites: zero in value, the REINFORCE gradient in derivative.
    private func scoreFunctionTerms(_ guide: Trace<Scalar>, elbo: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let sites = guide.latentSites.filter { !($0.distribution is any ReparameterizedDistribution<Scalar>) }
        guard !sites.isEmpty else { return Tensor(0) }
        let current = try elbo.detached.scalarValue
        let b = baseline ?? current
        baseline = baselineDecay * b + (1 - baselineDecay) * current
        var total = Tensor<Scalar>(0)
        for site in sites {
            let logQ = try site.logProbSum()
            total = try total + (logQ - logQ.detached) * (current - b)
        }
        return total
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

    /// The first site of the last traces whose log-density is not finite.
    func firstNonFiniteSite() -> String? {
        guard let (model, guide) = lastTraces else { return nil }
        for site in guide.sites + model.sites {
            if let value = try? site.logProbSum(), !value.isFinite { return site.name }
        }
        return nil
    }
}
