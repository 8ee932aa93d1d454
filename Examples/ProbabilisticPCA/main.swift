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
// The fitted covariance against the sample covariance, which maximum
// likelihood approaches. (W's scale and the latents' trade off, so this
// converges slowly, as EM does for PPCA; the principal subspace and σ
// settle first.)
let centred = try data.x - data.x.mean(alongAxes: [0])
let sample = try matmul(centred.transposed(), centred) * (1.0 / 1_000)
let difference = try fit.covariance - sample
let relative = try ((difference * difference).sum().scalarValue / (sample * sample).sum().scalarValue).squareRoot()
print("‖(WWᵀ + σ²I) − sample covariance‖ / ‖sample covariance‖: \((relative * 1_000).rounded() / 10)%")
