import LatentCore

/// How far a fitted guide can be trusted, from S draws zₛ ~ q and their
/// importance weights wₛ = p(x, zₛ)/q(zₛ) (Yao et al. 2018).
public struct GuideDiagnostics: Sendable, CustomStringConvertible {
    /// The usual reading of Pareto k̂.
    public enum Reliability: String, Sendable {
        /// k̂ < 0.5: the weights have finite variance; the guide is close.
        case good
        /// 0.5 ≤ k̂ < 0.7: usable after Pareto smoothing, with care.
        case usable
        /// k̂ ≥ 0.7: the guide misses posterior mass; estimates from it are unreliable.
        case unreliable
    }

    /// log p̂(x) = log (1/S) Σ wₛ, in nats: an estimate of the log marginal
    /// likelihood, unbiased in p̂(x) and a lower bound in expectation.
    public let logMarginalLikelihood: Double
    /// Its delta-method standard error sd(w)/(√S · mean w), in nats
    /// (itself unreliable when k̂ is large).
    public let standardError: Double
    /// The Pareto shape of the weights' upper tail; −∞ for equal weights.
    public let paretoK: Double
    /// The standard error of ``paretoK`` from its own Monte Carlo noise: the
    /// sd of k̂ over 200 bootstrap resamples of the log weights (0 when k̂
    /// is −∞). Compare it with the distance from k̂ to 0.7 before trusting
    /// the verdict.
    public let paretoKStandardError: Double
    /// How many draws S.
    public let samples: Int

    /// The verdict on ``paretoK``: good below 0.5, usable below 0.7, else unreliable.
    public var reliability: Reliability {
        paretoK < 0.5 ? .good : paretoK < 0.7 ? .usable : .unreliable
    }

    /// One line: log p(x) with its standard error and draw count, then k̂ with
    /// its standard error and its verdict.
    public var description: String {
        let reading = switch reliability {
        case .good: "good (< 0.5)"
        case .usable: "usable (0.5–0.7)"
        case .unreliable: "unreliable (> 0.7): the guide misses posterior mass"
        }
        let k = paretoK == -.infinity ? "−∞" : "\((paretoK * 100).rounded() / 100) ± \((paretoKStandardError * 100).rounded() / 100)"
        return "log p(x) ≈ \(rounded(logMarginalLikelihood)) ± \(rounded(standardError)) nats (\(samples) importance draws); "
            + "Pareto k̂ = \(k): \(reading)"
    }

    private func rounded(_ value: Double) -> Double { (value * 1_000).rounded() / 1_000 }

    /// Draws `samples` times from `guide`, scores each draw under `model`,
    /// and summarises the log weights. No gradients are recorded.
    ///
    /// k̂ is fitted to the largest M = 3√S weights, and its sd is about
    /// (1 + k)/√M; the default S = 10,000 gives M = 300, so at the verdict's
    /// threshold k = 0.7 the sd is below 0.1: k̂'s own noise rarely decides
    /// the verdict (1,000 draws gave sd ≈ 0.2).
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for fewer
    ///   than 100 draws, ``InferenceError/nonFiniteLogWeight(site:)``,
    ///   ``InferenceError/guideMismatch(site:reason:)``,
    ///   and whatever the model and guide throw.
    public init<Scalar: TensorScalar, M, G>(
        model: @escaping (ModelContext<Scalar>) throws -> M, guide: (ModelContext<Scalar>) throws -> G,
        context: ModelContext<Scalar>, samples: Int = 10_000
    ) throws {
        guard samples >= 100 else {
            throw InferenceError.invalidArgument(name: "samples", reason: "k̂ needs at least 100 draws, got \(samples)")
        }
        var logWeights: [Double] = []
        logWeights.reserveCapacity(samples)
        // Compiled after the first samples when it can be (``RepeatedDraws``); a
        // non-finite weight is taken again eagerly to name its site.
        try withoutGradients {
            try RepeatedDraws.run(samples, in: context, isValid: { $0[0].isFinite }) {
                let pass = try ImportancePass(model: model, guide: guide, context: context)
                let logWeight = try pass.logWeight()
                guard withoutCapture({ logWeight.isFinite }) else {
                    throw InferenceError.nonFiniteLogWeight(site: withoutCapture { pass.firstNonFiniteSite() })
                }
                return [logWeight]
            } consume: { outputs in
                logWeights.append(Double(try outputs[0].scalarValue))
            }
        }
        let top = logWeights.max()!
        let scaled = logWeights.map { Double.exp($0 - top) }
        let mean = scaled.reduce(0, +) / Double(samples)
        let variance = scaled.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples - 1)
        logMarginalLikelihood = top + Double.log(mean)
        standardError = variance.squareRoot() / (Double(samples).squareRoot() * mean)
        paretoK = GeneralizedPareto.paretoK(logWeights: logWeights)!
        paretoKStandardError = paretoK == -.infinity ? 0 : Self.bootstrapStandardError(ofParetoK: logWeights)
        self.samples = samples
    }

    /// The sd of k̂ over `resamples` resamples of `logWeights` with
    /// replacement, resample r drawn from its own stream seeded by r (so a
    /// diagnostic repeats exactly, however the resamples are split over the
    /// cores).
    static func bootstrapStandardError(ofParetoK logWeights: [Double], resamples: Int = 200) -> Double {
        let count = logWeights.count
        let fits = UnsafeMutableBufferPointer<Double>.allocate(capacity: resamples)
        defer { fits.deallocate() }
        ParallelChunks.forEach(count: resamples, minimumChunk: 1, alignment: 1) { range in
            var resample = [Double](repeating: 0, count: count)
            for index in range {
                var generator = Xoshiro256PlusPlus(seed: 0x5EED &+ UInt64(index))
                for i in 0..<count { resample[i] = logWeights[Int.random(in: 0..<count, using: &generator)] }
                fits[index] = GeneralizedPareto.paretoK(logWeights: resample) ?? .nan
            }
        }
        let estimates = fits.filter(\.isFinite)
        guard estimates.count > 1 else { return 0 }
        let mean = estimates.reduce(0, +) / Double(estimates.count)
        return (estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(estimates.count - 1)).squareRoot()
    }
}

extension SVI {
    /// Diagnostics of the guide as fitted so far (see ``GuideDiagnostics``).
    public func diagnostics(samples: Int = 10_000) throws -> GuideDiagnostics {
        try GuideDiagnostics(model: model, guide: guide, context: context, samples: samples)
    }
}
