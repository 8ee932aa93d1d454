import LatentCore
import LatentDistributions

/// One importance pass (NumPyro's `get_importance_trace`): the guide run
/// and traced, the model replayed on the guide's draws and traced, and the
/// two checked to agree on the latent sites. Every objective, the guide
/// diagnostics, the Laplace guide and the VAE's evaluation score draws
/// through it.
///
/// Its log weight is log w = log p(x, z) − log q(z): the model's log-joint
/// at the guide's draws z minus the guide's log-density of them. Run it
/// inside a ``ParticlePlate`` for K draws at once.
public struct ImportancePass<Scalar: TensorScalar> {
    /// The guide's run: its draws z, their log-densities log q(z).
    public let guideTrace: Trace<Scalar>
    /// The model's run at the guide's draws: log p(x, z).
    public let modelTrace: Trace<Scalar>

    /// Runs `guide`, then `model` replaying its draws, in `context`.
    /// - Throws: ``InferenceError/guideMismatch(site:reason:)`` when the
    ///   model has a latent site the guide lacks or the guide a site the
    ///   model lacks; ``InferenceError/nonFiniteLogWeight(site:)``, naming
    ///   the first guide site whose draw or log-density is not finite, when the
    ///   model refused a NaN or infinite parameter built from the guide's
    ///   draws (a diverged run: log p cannot be formed there); whatever else
    ///   the model and the guide throw.
    public init<M, G>(
        model: @escaping (ModelContext<Scalar>) throws -> M, guide: (ModelContext<Scalar>) throws -> G,
        context: ModelContext<Scalar>
    ) throws {
        let guideTrace = try context.trace(guide)
        do {
            modelTrace = try context.trace(replaying(guideTrace, in: model))
        } catch let error as DistributionError where error.isNonFiniteParameter {
            let site = guideTrace.sites.first { site in
                let drawn = site.value.map { $0.scalars.allSatisfy(\.isFinite) } ?? true
                return !drawn || ((try? site.logProbSum()).map { !$0.isFinite } ?? false)
            }
            throw InferenceError.nonFiniteLogWeight(site: site?.name)
        }
        self.guideTrace = guideTrace
        try checkAgreement()
    }

    /// log w = Σ log p − Σ log q over every site (scaled and masked), a scalar.
    public func logWeight() throws -> Tensor<Scalar> {
        try modelTrace.logProbSum() - guideTrace.logProbSum()
    }

    /// log w per batch element: every model site's terms minus every guide
    /// site's, broadcast together (say [K, B] for K particles of B data
    /// points). Sums to ``logWeight()`` when all sites share one batch shape.
    public func logWeightTerms() throws -> Tensor<Scalar> {
        var total = Tensor<Scalar>(0)
        for site in modelTrace.sites {
            if let terms = try site.logProbTerms() { total = try total + terms }
        }
        for site in guideTrace.sites {
            if let terms = try site.logProbTerms() { total = try total - terms }
        }
        return total
    }

    /// The first site, guide's first, whose log-density is not finite: where
    /// a NaN or infinite log weight came from.
    public func firstNonFiniteSite() -> String? {
        for site in guideTrace.sites + modelTrace.sites {
            if let value = try? site.logProbSum(), !value.isFinite { return site.name }
        }
        return nil
    }

    private func checkAgreement() throws {
        let modelLatents = Set(modelTrace.latentSites.map(\.name))
        let guideLatents = Set(guideTrace.latentSites.map(\.name))
        if let missing = modelLatents.subtracting(guideLatents).sorted().first {
            throw InferenceError.guideMismatch(site: missing, reason: "the model has this latent site but the guide does not")
        }
        if let extra = guideLatents.subtracting(Set(modelTrace.sites.map(\.name))).sorted().first {
            throw InferenceError.guideMismatch(site: extra, reason: "the guide has this site but the model does not")
        }
    }
}
