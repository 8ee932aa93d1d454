import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

/// Bayesian linear regression with two strongly correlated columns:
/// β ~ N(0, 10²I), y ~ N(Xβ, 1). The posterior is Gaussian with precision
/// Λ = XᵀX + I/100, covariance Σ = Λ⁻¹ and mean ΣXᵀy.
struct Regression {
    let x: Tensor<Double>
    let y: Tensor<Double>
    let precision: [[Double]]
    let covariance: [[Double]]
    let mean: [Double]

    init() throws {
        var generator = Xoshiro256PlusPlus(seed: 21)
        let first = try Tensor<Double>.randomNormal([30], using: &generator)
        let second = try first + Tensor<Double>.randomNormal([30], standardDeviation: 0.3, using: &generator)
        x = try Tensor.stacking([first, second], alongAxis: 1)
        y = try matmul(x, Tensor([1.0, -0.5])) + Tensor<Double>.randomNormal([30], using: &generator)
        let xs = x.scalars, ys = y.scalars
        var lambda = [[0.01, 0.0], [0.0, 0.01]], xty = [0.0, 0.0]
        for n in 0..<30 {
            for i in 0..<2 {
                xty[i] += xs[n * 2 + i] * ys[n]
                for j in 0..<2 { lambda[i][j] += xs[n * 2 + i] * xs[n * 2 + j] }
            }
        }
        let det = lambda[0][0] * lambda[1][1] - lambda[0][1] * lambda[1][0]
        let sigma = [[lambda[1][1] / det, -lambda[0][1] / det], [-lambda[1][0] / det, lambda[0][0] / det]]
        precision = lambda
        covariance = sigma
        mean = (0..<2).map { i in sigma[i][0] * xty[0] + sigma[i][1] * xty[1] }
    }

    func model(_ c: ModelContext<Double>) throws {
        let beta = try c.sample("beta", Normal(loc: Tensor([0.0, 0.0]), scale: Tensor(10.0)))
        try c.plate("data", size: 30) { _ in
            try c.sample("y", Normal(loc: matmul(x, beta), scale: Tensor(1.0)), observed: y)
        }
    }
}

@Suite("Full-rank, mean-field and MAP guides on a Gaussian posterior")
struct FullRankGuideTests {
    let regression = try! Regression()

    /// SVI, then parameters averaged over 300 steps at a small rate. The
    /// nearly collinear columns make a long, flat ridge: 3,000 steps at a
    /// rate of 0.05 are needed to travel it from a prior draw.
    func fit(_ guide: some Guide<Double>, read: (ParameterStore<Double>) throws -> [Double]) throws -> [Double] {
        let svi = SVI(model: regression.model, guide: guide, objective: try TraceELBO(particles: 4),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 22))
        return try fitAndAverage(svi, steps: 3_000, read: read)
    }

    /// `values` = fitted mean (2) then covariance (2×2, row-major): the mean
    /// within 0.1 sd and each covariance entry within 0.15·√(ΣᵢᵢΣⱼⱼ).
    func expectPosteriorMoments(_ values: [Double]) {
        let sigma = regression.covariance
        for i in 0..<2 {
            #expect(abs(values[i] - regression.mean[i]) < 0.1 * sigma[i][i].squareRoot(), "mean \(i)")
            for j in 0..<2 {
                let scale = (sigma[i][i] * sigma[j][j]).squareRoot()
                #expect(abs(values[2 + i * 2 + j] - sigma[i][j]) < 0.15 * scale, "Σ[\(i)][\(j)] = \(values[2 + i * 2 + j]) vs \(sigma[i][j])")
            }
        }
    }

    @Test func fullRankMatchesTheMeanAndCovariance() throws {
        let values = try fit(AutoMultivariateNormal(model: regression.model)) { store in
            let l = try store.constrainedValue("AutoMultivariateNormal.scaleTril")!
            return try store.constrainedValue("AutoMultivariateNormal.loc")!.scalars + matmul(l, l.transposed()).scalars
        }
        expectPosteriorMoments(values)
    }

    /// Mean-field VI on a Gaussian posterior gets the means right and the
    /// variances 1/Λᵢᵢ, smaller than Σᵢᵢ when the coordinates are correlated.
    @Test func meanFieldUnderestimatesVariancesTheKnownWay() throws {
        let values = try fit(AutoNormal(model: regression.model)) { store in
            let scale = try store.constrainedValue("AutoNormal.scale.beta")!
            return try store.constrainedValue("AutoNormal.loc.beta")!.scalars + (scale * scale).scalars
        }
        for i in 0..<2 {
            let sd = regression.covariance[i][i].squareRoot()
            #expect(abs(values[i] - regression.mean[i]) < 0.1 * sd)
            let meanField = 1 / regression.precision[i][i]
            #expect(abs(values[2 + i] - meanField) < 0.15 * meanField, "variance \(values[2 + i]) vs 1/Λ \(meanField)")
            #expect(values[2 + i] < 0.5 * regression.covariance[i][i])
        }
    }

    @Test func mapEqualsThePosteriorModeOfAGaussian() throws {
        let values = try fit(AutoDelta(model: regression.model)) { store in try store.constrainedValue("AutoDelta.beta")!.scalars }
        for i in 0..<2 {
            #expect(abs(values[i] - regression.mean[i]) < 0.01 * regression.covariance[i][i].squareRoot() + 1e-3)
        }
    }

    /// With D = 2, diag(s)(FFᵀ + I)diag(s) with rank 1 can be any 2×2
    /// covariance: the low-rank guide matches Σ as the full-rank one does.
    @Test func lowRankMatchesTheMeanAndCovariance() throws {
        let values = try fit(AutoLowRankMultivariateNormal(model: regression.model, rank: 1)) { store in
            let s = try store.constrainedValue("AutoLowRankMultivariateNormal.scale")!.scalars
            let f = try store.constrainedValue("AutoLowRankMultivariateNormal.covarianceFactor")!.scalars
            let covariance = (0..<4).map { k in
                let (i, j) = (k / 2, k % 2)
                return s[i] * s[j] * (f[i] * f[j] + (i == j ? 1 : 0))
            }
            return try store.constrainedValue("AutoLowRankMultivariateNormal.loc")!.scalars + covariance
        }
        expectPosteriorMoments(values)
    }

    /// A Gaussian posterior is its own Laplace approximation: the mode is
    /// the mean and −∇²log p is Λ exactly, so the returned full-rank guide
    /// holds μ (to the optimiser's precision) and Σ (to the Hessian's
    /// finite-difference error, far below 1e-6 relative).
    @Test func laplaceApproximationIsExactForAGaussianPosterior() throws {
        let guide = AutoLaplaceApproximation(model: regression.model)
        let svi = SVI(model: regression.model, guide: guide, objective: try TraceELBO(),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 23))
        try svi.run(steps: 3_000)
        svi.optimizer.learningRate = 0.001
        try svi.run(steps: 1_000)
        let gaussian = try guide.laplaceApproximation(context: svi.context)
        let store = svi.context.parameters
        let mean = try store.constrainedValue("AutoMultivariateNormal.loc")!.scalars
        let l = try store.constrainedValue("AutoMultivariateNormal.scaleTril")!
        let covariance = try matmul(l, l.transposed()).scalars
        let sigma = regression.covariance
        for i in 0..<2 {
            #expect(abs(mean[i] - regression.mean[i]) < 1e-3 * sigma[i][i].squareRoot(), "mean \(i): \(mean[i]) vs \(regression.mean[i])")
            for j in 0..<2 {
                #expect(isClose(covariance[i * 2 + j], sigma[i][j], tolerance: 1e-6), "Σ[\(i)][\(j)]")
            }
        }
        // The returned guide draws from N(μ, Σ).
        let draw = try svi.context.trace { try gaussian($0) }["beta"]!.value!
        #expect(draw.shape == [2])
        #expect(throws: InferenceError.self) {
            _ = try AutoLaplaceApproximation(model: regression.model).laplaceApproximation(context: ModelContext())
        }
    }

    /// On a curved log density the finite-difference step matters. With
    /// σ ~ LogNormal(0, 1), yᵢ ~ N(0, σ) and u = log σ, the log density is
    /// f(u) = −u²/2 − n·u − (S/2)e^(−2u) + const (S = Σyᵢ²; the prior's −u
    /// and the Jacobian's +u cancel), so the mode solves S·e^(−2û) = û + n
    /// and −f''(û) = 1 + 2(û + n). Central differences with the step
    /// ε^(1/3)·max(|û|, 1) are accurate to about ε^(2/3)·f⁽⁴⁾/f'' ≈ 1e-10
    /// relative; a step of 1 gives 0.052 instead of 0.070 here.
    @Test func laplaceHessianUsesASmallStepOnACurvedDensity() throws {
        let y = (0..<100).map { i in 2.0 * Double.sin(Double(i) * 0.7) + 0.3 }
        let s = y.reduce(0) { $0 + $1 * $1 }
        let n = Double(y.count)
        var mode = 0.0
        for _ in 0..<50 { mode -= (s * Double.exp(-2 * mode) - mode - n) / (-2 * s * Double.exp(-2 * mode) - 1) }
        let expectedSD = 1 / (1 + 2 * (mode + n)).squareRoot()
        let observations = try Tensor(shape: [y.count], scalars: y)
        let model = { (c: ModelContext<Double>) in
            let sigma = try c.sample("sigma", LogNormal(loc: 0, scale: 1))
            _ = try c.sample("y", Normal(loc: Tensor(0.0), scale: sigma), observed: observations)
        }
        let guide = AutoLaplaceApproximation(model: model)
        let context = ModelContext<Double>(seed: 5)
        _ = try context.trace { try guide($0) }
        try context.parameters.setConstrainedValue("AutoLaplaceApproximation.loc", Tensor([mode]))
        _ = try guide.laplaceApproximation(context: context)
        let l = try context.parameters.constrainedValue("AutoMultivariateNormal.scaleTril")!.scalars
        #expect(isClose(l[0], expectedSD, tolerance: 1e-7), "sd of log σ: \(l[0]) vs \(expectedSD)")
    }
}
