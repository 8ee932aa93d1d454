import LatentCore
import LatentDistributions

extension AutoMultivariateNormal {
    /// Fits the guide with no tuning, in three phases:
    /// 1. the mode û of the unconstrained log density f by L-BFGS, from the
    ///    guide's initialisation;
    /// 2. the frame u = û + F·w with FFᵀ = H⁻¹, H = −∇²f(û) (the Laplace
    ///    approximation; 1/√Hᵢᵢ on the diagonal when H is not positive
    ///    definite), and SVI in it (Trace ELBO, Adam in frame units at the
    ///    candidate rate whose short trial ended with the lowest losses)
    ///    from m = 0, S = I, until the mean loss of a window
    ///    of W steps has twice in a row not fallen below the previous
    ///    window's by two standard errors of their difference (no
    ///    detectable progress), or `maxSteps`;
    /// 3. `averagingSteps` more at a tenth of the rate, whose parameter
    ///    iterates are averaged into the result (Polyak–Ruppert).
    ///
    /// The frame makes one rate right for every coordinate: Adam's steps
    /// are in units of each posterior sd, not of u. Parameters live in
    /// `context`'s store afterwards, read with ``loc(in:)`` and
    /// ``scaleTril(in:)``.
    /// - Throws: ``InferenceError/nonFiniteLoss(step:site:)`` naming the
    ///   first site whose log density is not finite when f or ∇f is not
    ///   finite at the start (step 0), or when every candidate rate's loss
    ///   diverged (that trial's step); ``InferenceError/invalidArgument(name:reason:)``
    ///   naming a site along which f has zero curvature at the mode (an
    ///   improper posterior); whatever the model throws.
    @discardableResult
    public func fit(
        context: ModelContext<Scalar>, settings: FitSettings<Scalar>? = nil, progress: ProgressReporter? = nil
    ) throws -> FitReport<Scalar> {
        let settings = try settings ?? FitSettings()
        let density = UnconstrainedLogDensity(model: discovery.model, context: context, prototype: try discovery.prototype(context))
        let initial = try density.initialPoint()
        let (initialValue, initialGradient) = try density.valueOrMinusInfinity(at: initial)
        guard initialValue.isFinite, initialGradient.allSatisfy(\.isFinite) else {
            throw InferenceError.nonFiniteLoss(step: 0, site: try density.firstNonFiniteSite(at: initial))
        }
        let search = try settings.modeSearch.minimize(from: initial) { u in
            let (value, gradient) = try density.valueOrMinusInfinity(at: u)
            return (-value, gradient.map { -$0 })
        }
        let hessian = try density.negativeHessian(at: search.minimizer)
        if let flat = Self.firstFlatSite(hessian, density.sites) {
            throw InferenceError.invalidArgument(
                name: "model",
                reason: "site '\(flat)' has zero curvature where the mode search ended, so the posterior is improper (flat) "
                    + "along it; give it a proper prior or data that inform it")
        }
        let (factor, start) = try Self.frameFactor(hessian, dimension: density.dimension)
        let frame = try Frame(center: Tensor(shape: [density.dimension], scalars: search.minimizer), scaleTril: factor)
        let (svi, rate) = try adaptRate(frame, context, settings, progress)
        let converged = try runUntilNoProgress(svi, settings, progress).converged
        let steps = svi.losses.count
        try averageIterates(svi, rate: rate / 10, settings, after: steps, progress)
        return FitReport(
            mode: search.minimizer, modeSearch: search.termination, modeSearchIterations: search.iterations, start: start,
            learningRate: rate, steps: steps, converged: converged, averagingSteps: settings.averagingSteps, losses: svi.losses)
    }

    /// Each candidate rate's trial from the frame's start; returns the SVI
    /// of the best, its parameters restored, ready to go on, or throws the
    /// first trial's divergence (its step and site) when every rate diverged.
    private func adaptRate(
        _ frame: Frame, _ context: ModelContext<Scalar>, _ settings: FitSettings<Scalar>, _ progress: ProgressReporter?
    ) throws -> (SVI<Scalar, ModelResult, Void>, rate: Scalar) {
        let store = context.parameters
        var best: (svi: SVI<Scalar, ModelResult, Void>, rate: Scalar, score: Scalar, state: [Tensor<Scalar>])?
        var firstDivergence: InferenceError?
        for rate in settings.learningRates {
            try setFrame(frame, context: context)
            let svi = SVI(
                model: discovery.model, guide: self,
                objective: try TraceELBO(particles: settings.particles), optimizer: try Adam(learningRate: rate), context: context)
            let losses: [Scalar]
            do {
                losses = try svi.run(steps: settings.adaptationSteps, progress: progress)
            } catch let error as InferenceError {
                guard case .nonFiniteLoss = error else { throw error }
                firstDivergence = firstDivergence ?? error
                continue
            }
            let tail = losses.suffix(Swift.max(losses.count / 2, 1))
            let score = tail.reduce(0, +) / Scalar(tail.count)
            if score.isFinite, best.map({ score < $0.score }) ?? true {
                best = (svi, rate, score, Self.frameParameterNames.map { store.unconstrainedValue($0)! })
            }
        }
        guard let best else {
            throw firstDivergence ?? InferenceError.nonFiniteLoss(step: settings.adaptationSteps, site: nil)
        }
        for (name, value) in zip(Self.frameParameterNames, best.state) { store.setUnconstrainedValue(name, value) }
        return (best.svi, best.rate)
    }

    static var frameParameterNames: [String] { ["AutoMultivariateNormal.whitenedLoc", "AutoMultivariateNormal.whitenedScaleTril"] }

    /// Phase 2's loop and rule; returns the steps taken and whether the
    /// rule held.
    private func runUntilNoProgress(
        _ svi: SVI<Scalar, ModelResult, Void>, _ settings: FitSettings<Scalar>, _ progress: ProgressReporter?
    ) throws -> (steps: Int, converged: Bool) {
        var previous: (mean: Scalar, variance: Scalar)?
        var quietWindows = 0
        var taken = 0
        while taken < settings.maxSteps {
            let count = Swift.min(settings.window, settings.maxSteps - taken)
            let block = try (0..<count).map { offset in
                let loss = try svi.step()
                // Numbered after the chosen rate's trial, as svi.losses counts them.
                progress?.report(step: settings.adaptationSteps + taken + offset + 1, loss: Double(loss))
                return loss
            }
            taken += count
            let mean = block.reduce(0, +) / Scalar(count)
            let variance = block.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Scalar(Swift.max(count - 1, 1))
            if let previous {
                let standardError = ((previous.variance + variance) / Scalar(count)).squareRoot()
                quietWindows = previous.mean - mean < 2 * standardError ? quietWindows + 1 : 0
                if quietWindows == 2 { return (taken, true) }
            }
            previous = (mean, variance)
        }
        return (taken, false)
    }

    /// Phase 3: steps at a tenth of the rate, then the mean of their
    /// iterates (in unconstrained parameter space) set as the result.
    private func averageIterates(
        _ svi: SVI<Scalar, ModelResult, Void>, rate: Scalar, _ settings: FitSettings<Scalar>, after taken: Int,
        _ progress: ProgressReporter?
    ) throws {
        let names = Self.frameParameterNames
        let store = svi.context.parameters
        var sums = names.map { store.unconstrainedValue($0)! * 0 }
        svi.optimizer.learningRate = rate
        for index in 0..<settings.averagingSteps {
            let loss = try svi.step()
            progress?.report(step: taken + index + 1, loss: Double(loss))
            for (k, name) in names.enumerated() { sums[k] = try sums[k] + store.unconstrainedValue(name)! }
        }
        for (k, name) in names.enumerated() {
            store.setUnconstrainedValue(name, sums[k] / Scalar(settings.averagingSteps))
        }
    }

    /// The first site with a coordinate whose curvature −∂²f/∂uᵢ² is
    /// exactly 0: f is flat along it (a ``Flat`` prior that no data inform),
    /// and the ELBO grows without bound as the guide's scale does. A proper
    /// posterior's curvature is not exactly 0 even when tiny.
    static func firstFlatSite(
        _ hessian: [Scalar], _ sites: [UnconstrainedLogDensity<Scalar, ModelResult>.SiteLayout]
    ) -> String? {
        let d = Int(Double(hessian.count).squareRoot().rounded())
        guard let flat = (0..<d).first(where: { hessian[$0 * d + $0] == 0 }) else { return nil }
        return sites.first { $0.range.contains(flat) }?.name
    }

    /// F with FFᵀ = H⁻¹ from H (d × d, row-major), or the diagonal
    /// fallback when H is not positive definite.
    static func frameFactor(_ hessian: [Scalar], dimension d: Int) throws -> (Tensor<Scalar>, FitReport<Scalar>.Start) {
        if let factor = try? laplaceScaleTril(negativeHessian: hessian, dimension: d) { return (factor, .laplace) }
        let scales = (0..<d).map { i in
            let curvature = hessian[i * d + i]
            return curvature > 0 && curvature.isFinite ? 1 / curvature.squareRoot() : 1
        }
        let diagonal = (0..<(d * d)).map { k in k % (d + 1) == 0 ? scales[k / (d + 1)] : 0 }
        return (try Tensor(shape: [d, d], scalars: diagonal), .diagonalCurvature)
    }
}
