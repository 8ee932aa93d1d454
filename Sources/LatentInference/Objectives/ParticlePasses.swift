import LatentCore
import LatentDistributions

/// The skeleton every particle objective shares: K particles drawn as K
/// ``ImportancePass``es, or as one pass inside a ``ParticlePlate``; the
/// first site of the last evaluation whose log-density was not finite; and
/// a decaying-average score-function baseline.
final class ParticlePasses<Scalar: TensorScalar> {
    let particles: Int
    /// The baseline b subtracted from the cost of score-function terms.
    var baseline: Baseline<Scalar>
    /// Set when the particles are vectorised.
    private var plate: ParticlePlate<Scalar>?
    /// Found when a pass's log weight was not finite (the traces themselves
    /// are not kept: they hold the parameters, which the optimiser then
    /// updates in place).
    private(set) var nonFiniteSite: String?

    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for fewer than one particle.
    init(particles: Int, baselineDecay: Scalar, vectorized: Bool) throws {
        guard particles >= 1 else {
            throw InferenceError.invalidArgument(name: "particles", reason: "must be at least 1, got \(particles)")
        }
        self.particles = particles
        baseline = Baseline(decay: baselineDecay)
        plate = vectorized ? ParticlePlate(size: particles) : nil
    }

    /// One evaluation: each pass is handed to `score` (run inside the
    /// particle plate when vectorised, so that whatever else `score` runs
    /// shares the particle axis), which returns the pass's log weight or
    /// ELBO; the first non-finite one names its site.
    func evaluate<M, G>(
        model: @escaping (ModelContext<Scalar>) throws -> M, guide: (ModelContext<Scalar>) throws -> G,
        context: ModelContext<Scalar>, _ score: (ImportancePass<Scalar>) throws -> Tensor<Scalar>
    ) throws {
        nonFiniteSite = nil
        if var placed = plate {
            try placed.place(for: model, in: context)
            plate = placed
        }
        for _ in 0..<(plate == nil ? particles : 1) {
            let (pass, weight) = try inPlate(context) {
                let pass = try ImportancePass(model: model, guide: guide, context: context)
                return (pass, try score(pass))
            }
            // Only names the site for an error: a compiled step that meets a
            // non-finite value reruns eagerly, which comes here again.
            if nonFiniteSite == nil, !withoutCapture({ weight.isFinite }) { nonFiniteSite = pass.firstNonFiniteSite() }
        }
    }

    /// A trace's log-density per particle: [K] when vectorised, else [1].
    func perParticle(_ trace: Trace<Scalar>) throws -> Tensor<Scalar> {
        if let plate { return try plate.perParticle(trace) }
        return try trace.logProbSum().reshaped(to: [1])
    }

    /// The guide's drawn sites (auxiliary ones included) without pathwise
    /// gradients: those that need score-function terms.
    static func scoreFunctionSites(of guide: Trace<Scalar>) -> [Site<Scalar>] {
        guide.sites.filter { site in
            guard let distribution = site.distribution, !site.isObserved else { return false }
            return !(distribution is any ReparameterizedDistribution<Scalar>)
        }
    }

    private func inPlate<R>(_ context: ModelContext<Scalar>, _ body: () throws -> R) throws -> R {
        guard let plate else { return try body() }
        return try plate.run(in: context, body)
    }
}
