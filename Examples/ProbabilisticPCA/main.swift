// Probabilistic PCA: 1,000 synthetic points in 6 dimensions from 2 latent
// factors (noise 0.3), local latents fitted on minibatches of 100.
// Run: swift run -c release ProbabilisticPCAExample
import Latent

let data = try ProbabilisticPCA.synthetic(n: 1_000, dimension: 6, latentDimension: 2, noise: 0.3, seed: 4)
let pca = try ProbabilisticPCA(data: data.x, latentDimension: 2, batchSize: 100)
let steps = 6_000
let fit = try pca.fit(steps: steps, progress: ProgressReporter(total: steps))
print("noise σ (true 0.3): \((fit.noise * 1_000).rounded() / 1_000)")
print("ELBO per observation: \((fit.elboPerObservation * 1_000).rounded() / 1_000) nats")
let truth = try matmul(data.loadings, data.loadings.transposed()) + Tensor<Double>.identity(6) * 0.09
let error = try abs(fit.covariance - truth).max().scalarValue
print("largest |(WWᵀ + σ²I) − true covariance| entry: \((error * 1_000).rounded() / 1_000)")
