// Eight schools (Rubin 1981), non-centred, fitted by SVI with a mean-field
// autoguide. Run: swift run -c release EightSchools
import Latent

let effects: [Double] = [28, 8, -3, 7, -1, 1, 18, 12]     // y: estimated treatment effects
let errors: [Double] = [15, 10, 16, 11, 9, 11, 10, 18]    // σ: their standard errors

/// μ ~ N(0, 5), τ ~ HalfCauchy(5), θ̃ⱼ ~ N(0, 1), θⱼ = μ + τθ̃ⱼ, yⱼ ~ N(θⱼ, σⱼ).
func eightSchools(_ model: ModelContext<Double>) throws {
    let mu = try model.sample("mu", Normal(loc: 0.0, scale: 5.0))
    let tau = try model.sample("tau", HalfCauchy(scale: Tensor(5.0)))
    try model.plate("schools", size: effects.count) { _ in
        let standardized = try model.sample("theta_trans", Normal(loc: 0.0, scale: 1.0))
        let theta = try model.deterministic("theta", mu + tau * standardized)
        try model.sample("y", Normal(loc: theta, scale: Tensor(errors)), observed: Tensor(effects))
    }
}

let guide = AutoNormal(model: eightSchools)
let svi = SVI(model: eightSchools, guide: guide, objective: try TraceELBO(particles: 4),
              optimizer: try Adam(learningRate: 0.02), context: ModelContext(seed: 0))
for block in 0..<5 {
    let losses = try svi.run(steps: 1_000)
    print("steps \((block + 1) * 1_000)  mean loss \(losses.reduce(0, +) / Double(losses.count))")
}

// Posterior summaries from 4,000 guide draws.
var mus: [Double] = [], taus: [Double] = []
for _ in 0..<4_000 {
    let draw = try svi.context.trace { try guide($0) }
    mus.append(try draw["mu"]!.value!.scalarValue)
    taus.append(try draw["tau"]!.value!.scalarValue)
}
func summary(_ xs: [Double]) -> String {
    let sorted = xs.sorted()
    let mean = xs.reduce(0, +) / Double(xs.count)
    return "mean \((mean * 100).rounded() / 100), 90% interval [\((sorted[200] * 100).rounded() / 100), \((sorted[3_800] * 100).rounded() / 100)]"
}
print("mu:  \(summary(mus))")
print("tau: \(summary(taus))")
