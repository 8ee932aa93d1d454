import LatentCore
import LatentDistributions
import LatentInference
import LatentNN

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
    /// k, the number of latent factors.
    public let latentDimension: Int
    /// Rows per step; n for full batches.
    public let batchSize: Int

    /// The guide's family for the local latents.
    public enum LocalGuide: Sendable {
        /// A free mean per observation (`z.loc`).
        case perObservation
        /// Amortised: an encoder network maps each observation to its mean
        /// (a linear layer: the exact posterior mean M⁻¹Wᵀ(x − μ) is linear in x).
        case amortised
    }

    /// The guide's family for the local latents zᵢ.
    public let localGuide: LocalGuide

    /// The model of `data` with `latentDimension` factors.
    /// - Parameters:
    ///   - data: the n×D observations.
    ///   - latentDimension: k, in 1…D−1.
    ///   - batchSize: rows per step, in 1…n; nil (the default) for full batches.
    ///   - localGuide: the guide's family for the local latents (a free mean per observation by default).
    /// - Throws: ``ModelError/shapeMismatch(argument:shape:expected:)`` for
    ///   data that is not an n×D matrix with n ≥ 1 and D ≥ 2,
    ///   ``ModelError/nonFiniteValue(argument:)`` for a NaN or an infinity in
    ///   it, ``ModelError/countOutOfRange(argument:value:valid:)`` for k
    ///   outside 1…D−1 or a batch size outside 1…n.
    public init(data: Tensor<Double>, latentDimension: Int, batchSize: Int? = nil, localGuide: LocalGuide = .perObservation) throws {
        guard data.rank == 2, data.shape[0] >= 1, data.shape[1] >= 2 else {
            throw ModelError.shapeMismatch(argument: "data", shape: data.shape, expected: "[n, D] with n ≥ 1 and D ≥ 2")
        }
        try ModelError.checkFinite("data", data)
        try ModelError.checkCount("latentDimension", latentDimension, in: 1...(data.shape[1] - 1))
        let batch = batchSize ?? data.shape[0]
        try ModelError.checkCount("batchSize", batch, in: 1...data.shape[0])
        self.data = data
        self.latentDimension = latentDimension
        self.batchSize = batch
        self.localGuide = localGuide
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

    /// The model: parameters `loadings` (W), `mean` (μ) and `noise` (σ), and
    /// in the plate `data` the latent `z` and the observed `x`, subsampled to
    /// `batchSize` rows when that is below n.
    public func model(_ c: ModelContext<Double>) throws {
        let (n, d, k) = (data.shape[0], data.shape[1], latentDimension)
        let loadings = try c.param("loadings", Tensor<Double>.randomNormal([d, k], standardDeviation: 0.1, using: &c.generator))
        let mean = try c.param("mean", data.mean(alongAxes: [0]))
        let noise = try c.param("noise", Tensor(1.0), constraint: .positive)
        try c.plate("data", size: n, subsample: subsample) { rows in
            let z = try c.sample("z", Normal(loc: Tensor.zeros([k]), scale: Tensor(1.0)).independent(reinterpretingBatchRank: 1))
            let x = subsample == nil ? data : try data.slices(at: rows, alongAxis: 0)
            try c.sample("x", Normal(loc: matmul(z, loadings.transposed()) + mean, scale: noise).independent(reinterpretingBatchRank: 1), observed: x)
        }
    }

    /// qᵢ(zᵢ) = N(mᵢ, LLᵀ): one row of `z.loc` per observation and one
    /// shared Cholesky factor `z.scaleTril`. The exact posterior of zᵢ given
    /// W is N(M⁻¹Wᵀ(xᵢ − μ), σ²M⁻¹) with M = WᵀW + σ²I, the same covariance
    /// for every row, so this guide holds it exactly and the fit is
    /// maximum likelihood (EM) whatever the rotation of W.
    /// With `.amortised`, the encoder `encoder.weight`/`.bias` maps each
    /// row xᵢ to mᵢ instead.
    public func guide(_ c: ModelContext<Double>) throws {
        let (n, d, k) = (data.shape[0], data.shape[1], latentDimension)
        let scaleTril = try c.param("z.scaleTril", Tensor<Double>.identity(k) * 0.1, constraint: .lowerCholesky)
        let locs: Tensor<Double>? = localGuide == .perObservation ? try c.param("z.loc", Tensor.zeros([n, k])) : nil
        let encoder = try Dense(inputs: d, outputs: k)
        try c.plate("data", size: n, subsample: subsample) { rows in
            let loc: Tensor<Double>
            if let locs {
                loc = subsample == nil ? locs : try locs.slices(at: rows, alongAxis: 0)
            } else {
                let x = subsample == nil ? data : try data.slices(at: rows, alongAxis: 0)
                loc = try encoder(x, name: "encoder", generator: &c.generator) { name, initial in try c.param(name, initial()) }
            }
            try c.sample("z", MultivariateNormal(loc: loc, scaleTril: scaleTril))
        }
    }

    /// The maximum-likelihood solution in closed form (Tipping & Bishop 1999,
    /// eqs. 7–8): W = U_k(Λ_k − σ²I)^½ and σ² the mean of the D − k smallest
    /// eigenvalues of the sample covariance S (eigenvectors U by Jacobi
    /// rotations), with the per-observation log-likelihood at that optimum.
    public func maximumLikelihood() -> (loadings: [[Double]], noise: Double, logLikelihoodPerObservation: Double) {
        let (n, d, k) = (data.shape[0], data.shape[1], latentDimension)
        let x = data.scalars
        let mean = (0..<d).map { j in (0..<n).reduce(0) { $0 + x[$1 * d + j] } / Double(n) }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for row in 0..<n {
            for i in 0..<d {
                for j in 0..<d { covariance[i][j] += (x[row * d + i] - mean[i]) * (x[row * d + j] - mean[j]) / Double(n) }
            }
        }
        let (values, vectors) = SymmetricEigen.decompose(covariance)
        let noiseVariance = values[k...].reduce(0, +) / Double(d - k)
        let loadings = (0..<d).map { i in (0..<k).map { j in vectors[j][i] * (values[j] - noiseVariance).squareRoot() } }
        let logTerms = values[..<k].reduce(0) { $0 + Double.log($1) } + Double(d - k) * Double.log(noiseVariance)
        return (loadings, noiseVariance.squareRoot(), -0.5 * (Double(d) * Double.log(2 * Double.pi) + logTerms + Double(d)))
    }

    /// The sine of the largest principal angle between the column spaces of
    /// two D×k matrices (0: the same subspace, 1: a direction orthogonal to it).
    public static func subspaceDistance(_ a: [[Double]], _ b: [[Double]]) -> Double {
        let (qa, qb) = (orthonormalColumns(a), orthonormalColumns(b))
        // ‖(I − Q_a Q_aᵀ) Q_b‖₂ by the largest singular value of the residual (power iteration on its Gram matrix).
        let d = qa.count, k = qb[0].count
        var residual = qb
        for j in 0..<k {
            for c in 0..<qa[0].count {
                let dot = (0..<d).reduce(0) { $0 + qa[$1][c] * qb[$1][j] }
                for i in 0..<d { residual[i][j] -= dot * qa[i][c] }
            }
        }
        let gram = (0..<k).map { p in (0..<k).map { q in (0..<d).reduce(0) { $0 + residual[$1][p] * residual[$1][q] } } }
        return Swift.min(Swift.max(SymmetricEigen.decompose(gram).values[0], 0), 1).squareRoot()
    }

    private static func orthonormalColumns(_ m: [[Double]]) -> [[Double]] {
        var q = m
        let (d, k) = (m.count, m[0].count)
        for j in 0..<k {
            for c in 0..<j {
                let dot = (0..<d).reduce(0) { $0 + q[$1][c] * q[$1][j] }
                for i in 0..<d { q[i][j] -= dot * q[i][c] }
            }
            let norm = (0..<d).reduce(0) { $0 + q[$1][j] * q[$1][j] }.squareRoot()
            for i in 0..<d { q[i][j] /= Swift.max(norm, 1e-300) }
        }
        return q
    }

    /// What a fit reports: the learned parameters and the final ELBO.
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
    /// - Throws: ``ModelError/countOutOfRange(argument:value:valid:)`` for fewer than 1 step.
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
