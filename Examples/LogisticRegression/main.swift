// Bayesian logistic regression on 10,000 synthetic rows with 20 covariates,
// fitted on minibatches of 100 with a mean-field autoguide.
// Run: swift run -c release LogisticRegressionExample
import Latent

let data = try LogisticRegression.synthetic(n: 10_000, d: 20, seed: 2)
let regression = try LogisticRegression(covariates: data.x, labels: data.y, batchSize: 100)
let steps = 5_000
let fit = try regression.fit(steps: steps, progress: ProgressReporter(total: steps))
let error = zip(fit.weights.mean, data.weights).map { abs($0 - $1) }.max()!
print("posterior means of the first five weights: \(fit.weights.mean.prefix(5).map { ($0 * 100).rounded() / 100 })")
print("true values:                               \(data.weights.prefix(5).map { ($0 * 100).rounded() / 100 })")
print("largest |mean − true| over 20 weights: \((error * 1_000).rounded() / 1_000)")
print("bias (true −0.5):\n\(fit.bias)")
print("SVI: \(Int(fit.stepsPerSecond)) steps/s")
