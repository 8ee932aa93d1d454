import CGSL
import Foundation
import Latent

/// SVI steps per second (TraceELBO, one particle, AutoNormal, Adam) on eight
/// schools and on logistic regression with N = 10,000 rows and D = 20
/// (full batch, and minibatches of 100), each beside a hand-written step
/// doing the same arithmetic: the same reparameterised draw, the gradient
/// derived by hand, the same Adam update, with the products in BLAS. And
/// eight schools with 8 particles, vectorised beside looped.
enum SVIBenchmark {
    static func run() throws {
        let numpyro = PeerFigures(script: "svi_numpyro.py", paths: peerPaths)
        print("peer: \(numpyro.banner)")
        let schools = EightSchools()
        let label = "SVI eight schools, 1 particle"
        let eightSchools = try stepSeconds(model: schools.model)
        let handEightSchools = secondsPerCall(HandWrittenEightSchools().step)
        report(label, 1 / eightSchools, unit: "steps/s", baseline: 1 / handEightSchools, baselineName: "hand-written")
        try reportEager(label, compiled: eightSchools, model: schools.model)
        let perCall = try stepSeconds(model: schools.model, perCall: true)
        report("  eight schools, 1 particle, step() per call", 1 / perCall, unit: "steps/s",
               baseline: 1 / eightSchools, baselineName: "run(steps:)")
        reportPeer(label, 1 / eightSchools, numpyro)
        let looped = try stepSeconds(model: schools.model, objective: TraceELBO(particles: 8))
        let vectorised = try stepSeconds(model: schools.model, objective: TraceELBO(particles: 8, vectorizeParticles: true))
        report("SVI eight schools, 8 particles vectorised", 1 / vectorised, unit: "steps/s",
               baseline: 1 / looped, baselineName: "8 looped")
        report("SVI eight schools, 8 particles vectorised", 1 / vectorised, unit: "steps/s",
               baseline: 1 / eightSchools, baselineName: "1 particle")

        let data = try LogisticRegression.synthetic(n: 10_000, d: 20, seed: 2)
        for batch in [10_000, 100] {
            let label = "SVI logistic N=10,000 D=20, batch \(batch)"
            let regression = try LogisticRegression(covariates: data.x, labels: data.y, batchSize: batch)
            let latent = try stepSeconds(model: regression.model)
            let hand = HandWrittenLogistic(x: data.x.scalars, y: data.y.scalars, n: 10_000, d: 20, batch: batch)
            let manual = secondsPerCall(hand.step)
            report(label, 1 / latent, unit: "steps/s", baseline: 1 / manual, baselineName: "hand-written")
            try reportEager(label, compiled: latent, model: regression.model)
            reportPeer(label, 1 / latent, numpyro)
        }
    }

    static let peerPaths = ["jitted per call", "compiled lax.scan"]

    /// The eager step beside the compiled one, and whether the step compiled.
    static func reportEager(_ label: String, compiled: Double, model: @escaping (ModelContext<Double>) throws -> Void) throws {
        let eager = try stepSeconds(model: model, compilation: .off)
        report("  \(label.dropFirst(4)), eager", 1 / eager, unit: "steps/s", baseline: 1 / compiled, baselineName: "compiled")
    }

    /// Latent's figure beside NumPyro's from the same run, when NumPyro ran.
    static func reportPeer(_ label: String, _ rate: Double, _ peer: PeerFigures) {
        for path in peerPaths {
            guard let peerRate = peer.figure(label, path) else { continue }
            report("  \(label.dropFirst(4)) vs NumPyro", rate, unit: "steps/s", baseline: peerRate, baselineName: "NumPyro \(path)")
        }
    }

    /// `steps` eight-schools steps (`particles` vectorised particles), for a
    /// profiler or an instruction count: the per-step overhead of a small model.
    static func eightSchoolsProfile(steps: Int = 100_000, particles: Int = 1) throws {
        let model = EightSchools().model
        let objective = try TraceELBO<Double>(particles: particles, vectorizeParticles: particles > 1)
        let svi = SVI(model: model, guide: AutoNormal(model: model), objective: objective,
                      optimizer: try Adam(learningRate: 0.01), context: ModelContext(seed: 1))
        try svi.run(steps: steps)
        print(svi.compilationStatus)
    }

    /// 3,000 full-batch logistic-regression steps, for a profiler.
    static func profile() throws {
        let data = try LogisticRegression.synthetic(n: 10_000, d: 20, seed: 2)
        let regression = try LogisticRegression(covariates: data.x, labels: data.y, batchSize: 10_000)
        let svi = SVI(model: regression.model, guide: AutoNormal(model: regression.model), objective: try TraceELBO(),
                      optimizer: try Adam(learningRate: 0.01), context: ModelContext(seed: 1))
        try svi.run(steps: 3_000)
    }

    /// Seconds per SVI step after 50 warm-up steps, taken by `run(steps:)`
    /// in runs of 100 (the whole-run figure, as NumPyro's `lax.scan`), or
    /// one `step()` call at a time; says so when a step meant to compile did not.
    static func stepSeconds(
        model: @escaping (ModelContext<Double>) throws -> Void, objective: any Objective<Double> = try! TraceELBO(),
        compilation: StepCompilation = .automatic, perCall: Bool = false
    ) throws -> Double {
        let svi = SVI(model: model, guide: AutoNormal(model: model), objective: objective,
                      optimizer: try Adam(learningRate: 0.01), context: ModelContext(seed: 1))
        svi.compilation = compilation
        try svi.run(steps: 50)
        if compilation == .automatic, case let .eager(reason) = svi.compilationStatus {
            print("  (not compiled: \(reason))")
        }
        if perCall { return try secondsPerCall { try svi.step() } }
        return try secondsPerCall { try svi.run(steps: 100) } / 100
    }
}

/// Adam on a flat parameter vector (β₁ = 0.9, β₂ = 0.999, ε = 1e-8), as
/// Latent's, for the hand-written baselines.
struct FlatAdam {
    var first: [Double], second: [Double], t = 0
    let rate: Double

    init(count: Int, rate: Double) {
        first = Array(repeating: 0, count: count)
        second = Array(repeating: 0, count: count)
        self.rate = rate
    }

    /// One ascent step of `parameters` along `gradient` (of the ELBO).
    mutating func ascend(_ parameters: inout [Double], _ gradient: [Double]) {
        t += 1
        let c1 = 1 - Double.pow(0.9, Double(t)), c2 = 1 - Double.pow(0.999, Double(t))
        for i in parameters.indices {
            first[i] = 0.9 * first[i] + 0.1 * gradient[i]
            second[i] = 0.999 * second[i] + 0.001 * gradient[i] * gradient[i]
            parameters[i] += rate * (first[i] / c1) / ((second[i] / c2).squareRoot() + 1e-8)
        }
    }
}

/// Mean-field Gaussian on u = (μ, log τ, θ̃₁…θ̃₈) for eight schools: one
/// draw u = m + e^ρ ε, the ELBO's gradient by hand, Adam.
final class HandWrittenEightSchools {
    var loc = [Double](repeating: 0, count: 10), logScale = [Double](repeating: -2.3, count: 10)
    var adam = FlatAdam(count: 20, rate: 0.01)
    var generator = Xoshiro256PlusPlus(seed: 1)

    func step() {
        let epsilon = (0..<10).map { _ in Double.randomNormal(using: &generator) }
        let scale = logScale.map { Double.exp($0) }
        let u = (0..<10).map { loc[$0] + scale[$0] * epsilon[$0] }
        let (mu, tau) = (u[0], Double.exp(u[1]))
        var gradient = [Double](repeating: 0, count: 10)
        var dTau = -2 * tau / (25 + tau * tau)  // log HalfCauchy(τ; 5)
        gradient[0] = -mu / 25
        for j in 0..<8 {
            let theta = mu + tau * u[2 + j]
            let sigma = EightSchools.standardErrors[j]
            let dTheta = (EightSchools.effects[j] - theta) / (sigma * sigma)
            gradient[0] += dTheta
            dTau += dTheta * u[2 + j]
            gradient[2 + j] = -u[2 + j] + dTheta * tau
        }
        gradient[1] = dTau * tau + 1  // through τ = e^u, plus log |dτ/du|
        // ∂ELBO/∂m = ∇u; ∂ELBO/∂ρ = ∇u·ε·s + 1 (the entropy's gradient).
        var parameters = loc + logScale
        adam.ascend(&parameters, gradient + (0..<10).map { gradient[$0] * epsilon[$0] * scale[$0] + 1 })
        loc = Array(parameters[0..<10])
        logScale = Array(parameters[10..<20])
    }
}

/// Mean-field Gaussian on (w, b) for logistic regression, N(0, 1) priors:
/// one draw, η = X_B w + b by BLAS, ∇ = (N/B) X_Bᵀ(y − σ(η)) − z, Adam; the
/// minibatch rows copied out, the full batch used in place.
final class HandWrittenLogistic {
    let x: [Double], y: [Double], n: Int, d: Int, batch: Int
    var loc: [Double], logScale: [Double]
    var adam: FlatAdam
    var generator = Xoshiro256PlusPlus(seed: 1)
    var rows: [Double], labels: [Double], eta: [Double], residual: [Double], gradient: [Double]

    init(x: [Double], y: [Double], n: Int, d: Int, batch: Int) {
        (self.x, self.y, self.n, self.d, self.batch) = (x, y, n, d, batch)
        loc = Array(repeating: 0, count: d + 1)
        logScale = Array(repeating: -2.3, count: d + 1)
        adam = FlatAdam(count: 2 * (d + 1), rate: 0.01)
        rows = Array(repeating: 0, count: batch < n ? batch * d : 0)
        labels = Array(repeating: 0, count: batch < n ? batch : 0)
        eta = Array(repeating: 0, count: batch)
        residual = Array(repeating: 0, count: batch)
        gradient = Array(repeating: 0, count: d + 1)
    }

    func step() {
        let p = d + 1
        let epsilon = (0..<p).map { _ in Double.randomNormal(using: &generator) }
        let scale = logScale.map { Double.exp($0) }
        let z = (0..<p).map { loc[$0] + scale[$0] * epsilon[$0] }
        if batch < n {
            for (r, row) in PlateFrame.randomIndices(size: n, count: batch, using: &generator).enumerated() {
                for j in 0..<d { rows[r * d + j] = x[row * d + j] }
                labels[r] = y[row]
            }
        }
        let (features, targets) = batch < n ? (rows, labels) : (x, y)
        for r in 0..<batch { eta[r] = z[d] }
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(batch), Int32(d), 1, features, Int32(d), z, 1, 1, &eta, 1)
        for r in 0..<batch { residual[r] = targets[r] - 1 / (1 + Double.exp(-eta[r])) }
        let weight = Double(n) / Double(batch)
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(batch), Int32(d), weight, features, Int32(d), residual, 1, 0, &gradient, 1)
        gradient[d] = weight * residual.reduce(0, +)
        for j in 0..<p { gradient[j] -= z[j] }
        var parameters = loc + logScale
        adam.ascend(&parameters, gradient + (0..<p).map { gradient[$0] * epsilon[$0] * scale[$0] + 1 })
        loc = Array(parameters[0..<p])
        logScale = Array(parameters[p...])
    }
}
