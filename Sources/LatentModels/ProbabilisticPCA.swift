import LatentCore
import LatentDistributions
import LatentInference

/// Probabilistic PCA (Tipping & Bishop 1999): each of n observations
/// xᵢ ∈ ℝᴰ comes from k ≪ D latent factors,
///     zᵢ ~ N(0, Iₖ), xᵢ ~ N(Wzᵢ + μ, σ²I_D),
/// with W (D×k), μ and σ learned as parameters (type-II maximum
/// likelihood) and each zᵢ given its own Gaussian in a local guide,
/// fitted on minibatches. The marginal is xᵢ ~ N(μ, WWᵀ + σ²I),
/// whose maximum-likelihood fit spans the top-k principal subspace.
public struct ProbabilisticPCA: Sendable {
    /// n×D observations.
    public let data: Tensor<Double>
    public let latentDimension: Int
    /// Rows per step; n for full batches.
    public let batchSize: Int

    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for data
    ///   that is not an n×D matrix of finite values, k outside 1…D−1, or a
    ///   batch size outside 1…n.
    public init(data: Tensor<Double>, latentDimension: Int, batchSize: Int? = nil) throws {
        guard data.rank == 2, data.count > 0, data.isFinite else {
            throw InferenceError.invalidParameter(name: "data", reason: "must be an n×D matrix of finite values, got shape \(data.shape)")
        }
        guard (1..<data.shape[1]).contains(latentDimension) else {
            throw InferenceError.invalidParameter(name: "latentDimension", reason: "must be in 1…\(data.shape[1] - 1), got \(latentDimension)")
        }
        let batch = batchSize ?? data.shape[0]
        guard (1...data.shape[0]).contains(batch) else {
            throw InferenceError.invalidParameter(name: "batchSize", reason: "must be in 1…\(data.shape[0]), got \(batch)")
        }
        self.data = data
        self.latentDimension = latentDimension
        self.batchSize = batch
    }

    /// n draws from the model with a random W (entries N(0, 1)), μ = 0 and
    /// noise σ, returned with W.
    public static func synthetic(n: Int, dimension: Int, latentDimension: Int, noise: Double, seed: UInt64) throws -> (x: Tensor<Double>, loadings: Tensor<Double>) {
        var generator = Xoshiro256PlusPlus(seed: seed)
        let w = try Tensor<Double>.randomNormal([dimension, latentDimension], using: &generator)
        let z = try Tensor<Double>.randomNormal([n, latentDimension], using: &generator)
        let x = try matmul(z, w.transposed()) + Tensor<Double>.randomNormal([n, dimension], standardDeviation: noise, using: &generator)
        return (x, w)
    }

    private var subsample: Int? { batchSize < data.shape[0] ? batchSize : nil }

    public func model(_ c: ModelContext<Double>) throws {
        let (n, d, k) = (data.shape[0], data.shape[1], latentDimension)
        let loadings = try c.param("loadings", Tensor<Double>.randomNormal([d, k], standardDeviation: 0.1, using: &c.generator))
        let mean = try c.param("mean", data.mean(alongAxes: [0]))
        let noise = try c.param("noise", Tensor(1.0), constraint: .positive)
        try c.plate("data", size: n, subsample: subsample) { rows in
            let z = try c.sample("z", Normal(loc: Tensor.zeros([k]), scale: Tensor(1.0)).independent(reinterpretingBatchRank: 1))
            let x = subsample == nil ? data : try data.selecting(rows, alongAxis: 0)
            try c.sample("x", Normal(loc: matmul(z, loadings.transposed()) + mean, scale: noise).independent(reinterpretingBatchRank: 1), observed: x)
        }
    }

    /// qᵢ(zᵢ) = N(mᵢ, LLᵀ): one row of `z.loc` per observation and one
    /// shared Cholesky factor `z.scaleTril`. The exact posterior of zᵢ given
    /// W is N(M⁻¹Wᵀ(xᵢ − μ), σ²M⁻¹) with M = WᵀW + σ²I, the same covariance
    /// for every row, so this guide holds it exactly and the fit is
    /// maximum likelihood (EM) whatever the rotation of W.
    public func guide(_ c: ModelContext<Double>) throws {
        let (n, k) = (data.shape[0], latentDimension)
        let locs = try c.param("z.loc", Tensor.zeros([n, k]))
        let scaleTril = try c.param("z.scaleTril", Tensor<Double>.identity(k) * 0.1, constraint: .lowerCholesky)
        try c.plate("data", size: n, subsample: subsample) { rows in
            let loc = subsample == nil ? locs : try locs.selecting(rows, alongAxis: 0)
            try c.sample("z", MultivariateNormal(loc: loc, scaleTril: scaleTril))
        }
    }

    public struct Fit: Sendable {
        /// W, D×k.
        public let loadings: Tensor<Double>
        /// μ, D.
        public let mean: Tensor<Double>
        /// σ.
        public let noise: Double
        /// The implied covariance WWᵀ + σ²I of one observation.
        public let covariance: Tensor<Double>
        /// The final ELBO estimate per observation, in nats.
        public let elboPerObservation: Double
    }

    /// SVI (TraceELBO, Adam 0.02, the rate cut tenfold for the last fifth).
    public func fit(steps: Int, seed: UInt64 = 0, progress: ProgressReporter? = nil) throws -> Fit {
        let svi = try fittedSVI(model: model, guide: guide, objective: TraceELBO(), rate: 0.02, steps: steps, seed: seed, progress: progress)
        let losses = svi.losses
        let store = svi.context.parameters
        let w = try store.constrainedValue("loadings")!
        let sigma = try store.constrainedValue("noise")!.scalarValue
        let d = data.shape[1]
        let covariance = try matmul(w, w.transposed()) + Tensor<Double>.identity(d) * (sigma * sigma)
        let tail = losses.suffix(Swift.max(steps / 10, 1))
        return Fit(loadings: w, mean: try store.constrainedValue("mean")!, noise: sigma, covariance: covariance,
                   elboPerObservation: -tail.reduce(0, +) / Double(tail.count) / Double(data.shape[0]))
    }
}
