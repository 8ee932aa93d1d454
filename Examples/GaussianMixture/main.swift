// A two-component Gaussian mixture (assignments summed out) on 600
// synthetic points from 0.3·N(−2, 0.6) + 0.7·N(2.5, 1).
// Run: swift run -c release GaussianMixtureExample
import Latent

let mixture = try GaussianMixture(data: GaussianMixture.synthetic(n: 600, seed: 3))
let steps = 3_000
let fit = try mixture.fit(steps: steps, progress: ProgressReporter(total: steps))
print("weights (true 0.3, 0.7):\n\(fit.weights)")
print("means (true −2, 2.5):\n\(fit.locs)")
print("scales (true 0.6, 1):\n\(fit.scales)")
print(fit.diagnostics)
