// Probabilistic PCA: 1,000 synthetic points in 6 dimensions from 2 latent
// factors (noise 0.3), fitted on minibatches of 100 twice: with a free mean
// per observation, and amortised (an encoder network maps each point to its
// latent mean). Each is compared with the closed-form maximum-likelihood
// solution (Tipping & Bishop 1999).
// Run: swift run -c release ProbabilisticPCAExample
import Latent

let data = try ProbabilisticPCA.synthetic(n: 1_000, dimension: 6, latentDimension: 2, noise: 0.3, seed: 4)
let steps = 6_000
for guide in [ProbabilisticPCA.LocalGuide.perObservation, .amortised] {
    let pca = try ProbabilisticPCA(data: data.x, latentDimension: 2, batchSize: 100, localGuide: guide)
    let fit = try pca.fit(steps: steps)
    let exact = pca.maximumLikelihood()
    let w = fit.loadings.scalars
    let learned = (0..<6).map { i in [w[2 * i], w[2 * i + 1]] }
    let distance = ProbabilisticPCA.subspaceDistance(learned, exact.loadings)
    print("\(guide): σ \((fit.noise * 1_000).rounded() / 1_000) (maximum likelihood \((exact.noise * 1_000).rounded() / 1_000)); "
        + "ELBO \((fit.elboPerObservation * 1_000).rounded() / 1_000) nats/observation (max log-likelihood "
        + "\((exact.logLikelihoodPerObservation * 1_000).rounded() / 1_000)); "
        + "sine of the largest angle to the principal subspace \((distance * 10_000).rounded() / 10_000)")
}
