// Bayesian linear regression with unknown noise on 200 synthetic rows
// (weights 2, −1, 0.5, bias 1, noise 0.5), fitted with a full-rank
// autoguide. Run: swift run -c release BayesianLinearRegressionExample
import Latent

let data = try BayesianLinearRegression.synthetic(n: 200, weights: [2, -1, 0.5], noise: 0.5, seed: 1)
let regression = try BayesianLinearRegression(covariates: data.x, responses: data.y)
let steps = 4_000
let fit = try regression.fit(steps: steps, progress: ProgressReporter(total: steps))
print("weights (true 2, −1, 0.5):\n\(fit.summaries["weights"]!)")
print("bias (true 1):\n\(fit.summaries["bias"]!)")
print("sigma (true 0.5):\n\(fit.summaries["sigma"]!)")
print(fit.diagnostics)
