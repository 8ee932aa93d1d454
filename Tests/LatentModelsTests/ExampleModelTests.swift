import LatentCore
import LatentDistributions
import LatentInference
import LatentModels
import LatentTestSupport
import Testing

/// Every example model, fitted at small settings, against an independent
/// reference: numerical integration, a closed form, Newton's method, or
/// GSL's eigen-decomposition.
@Suite("Example models give the right answers")
struct ExampleModelTests {
    /// The eight-schools posterior of (μ, τ) with θ integrated out
    /// analytically, yⱼ ~ N(μ, √(σⱼ² + τ²)), on a 400×800 grid
    /// (μ ∈ [−20, 30], τ = 5tan(πu/2)… as u ∈ (0, 1) so the half-Cauchy
    /// tail is covered): the exact posterior mean of μ and median of τ.
    static func exactEightSchools() -> (muMean: Double, muSD: Double, tauMedian: Double) {
        let (y, sigma) = (EightSchools.effects, EightSchools.standardErrors)
        var cells: [(mu: Double, tau: Double, weight: Double)] = []
        for i in 0..<400 {
            let mu = -20 + 50 * (Double(i) + 0.5) / 400
            for j in 0..<800 {
                let u = (Double(j) + 0.5) / 800
                let tau = 5 * Double.tan(Double.pi * u / 2)  // the half-Cauchy(5) quantile: uniform u is its prior
                var logDensity = -mu * mu / 50
                for k in 0..<8 {
                    let variance = sigma[k] * sigma[k] + tau * tau
                    logDensity += -0.5 * Double.log(variance) - (y[k] - mu) * (y[k] - mu) / (2 * variance)
                }
                cells.append((mu, tau, logDensity))
            }
        }
        let top = cells.map(\.weight).max()!
        let weights = cells.map { Double.exp($0.weight - top) }
        let total = weights.reduce(0, +)
        let muMean = zip(cells, weights).reduce(0) { $0 + $1.0.mu * $1.1 } / total
        let muSquare = zip(cells, weights).reduce(0) { $0 + $1.0.mu * $1.0.mu * $1.1 } / total
        var running = 0.0, tauMedian = 0.0
        for (cell, weight) in zip(cells, weights).sorted(by: { $0.0.tau < $1.0.tau }) {
            running += weight
            if running >= total / 2 { tauMedian = cell.tau; break }
        }
        return (muMean, (muSquare - muMean * muMean).squareRoot(), tauMedian)
    }

    /// (The grid gives E[μ] = 4.40, sd 3.32, median τ = 2.74, matching
    /// posteriordb's NUTS reference.) Mean-field SVI recovers the posterior mean of μ (within 0.25
    /// posterior sd) and τ's median within a factor of 2 (mean-field VI
    /// is known to shrink τ in this funnel-shaped posterior; the factor
    /// bounds that shrinkage), and k̂ flags no failure (< 0.7).
    @Test func eightSchools() throws {
        let exact = Self.exactEightSchools()
        let fit = try EightSchools().fit(steps: 3_000, draws: 2_000, seed: 1)
        #expect(abs(fit.mu.mean[0] - exact.muMean) < 0.25 * exact.muSD, "μ \(fit.mu.mean[0]) vs \(exact.muMean)")
        #expect(fit.tau.mean[0] > exact.tauMedian / 2 && fit.tau.mean[0] < exact.tauMedian * 2, "τ \(fit.tau.mean[0]) vs median \(exact.tauMedian)")
        #expect(fit.diagnostics.paretoK < 0.7, "\(fit.diagnostics)")
    }

    /// With σ known the posterior of (w, b) is N(m, S): S⁻¹ = X̃ᵀX̃/σ² + I/100
    /// and m = S X̃ᵀy/σ², X̃ = [X 1]. The full-rank fit's draws match m
    /// (within 0.15 sd) and the sds (within 12%: 2,000 draws estimate an sd
    /// to 1.6%, the rest is the stochastic optimum's wander).
    @Test func bayesianLinearRegressionWithKnownNoise() throws {
        let data = try BayesianLinearRegression.synthetic(n: 50, weights: [2, -1], noise: 0.5, seed: 5)
        let regression = try BayesianLinearRegression(covariates: data.x, responses: data.y, noiseScale: 0.5)
        let fit = try regression.fit(steps: 3_000, seed: 6)
        let x = data.x.scalars, y = data.y.scalars
        var precision = [[Double]](repeating: [0, 0, 0], count: 3), xty = [0.0, 0, 0]
        for n in 0..<50 {
            let row = [x[2 * n], x[2 * n + 1], 1]
            for i in 0..<3 {
                xty[i] += row[i] * y[n] / 0.25
                for j in 0..<3 { precision[i][j] += row[i] * row[j] / 0.25 }
            }
        }
        for i in 0..<3 { precision[i][i] += 0.01 }
        let covariance = inverse3(precision)
        let mean = (0..<3).map { i in (0..<3).reduce(0) { $0 + covariance[i][$1] * xty[$1] } }
        let fitted = fit.summaries["weights"]!.mean + fit.summaries["bias"]!.mean
        let sds = fit.summaries["weights"]!.standardDeviation + fit.summaries["bias"]!.standardDeviation
        for i in 0..<3 {
            let sd = covariance[i][i].squareRoot()
            #expect(abs(fitted[i] - mean[i]) < 0.15 * sd, "mean \(i): \(fitted[i]) vs \(mean[i])")
            #expect(abs(sds[i] / sd - 1) < 0.12, "sd \(i): \(sds[i]) vs \(sd)")
        }
        #expect(fit.summaries["sigma"] == nil)
    }

    /// Newton's method on the full-data log posterior gives the mode ŵ and
    /// the Laplace sds; with n = 2,000 the posterior is close to Gaussian,
    /// so the minibatch (200 rows) mean-field fit's means lie within 0.3
    /// Laplace sd of ŵ. (Mean-field sds are not compared: they are
    /// smaller than the marginal sds, the known way.)
    @Test func logisticRegressionOnMinibatches() throws {
        let data = try LogisticRegression.synthetic(n: 2_000, d: 4, seed: 7)
        let fit = try LogisticRegression(covariates: data.x, labels: data.y, batchSize: 200).fit(steps: 3_000, seed: 8)
        let (mode, sds) = newtonLogisticMode(x: data.x.scalars, y: data.y.scalars, n: 2_000, d: 4)
        let fitted = fit.weights.mean + fit.bias.mean
        for i in 0..<5 {
            #expect(abs(fitted[i] - mode[i]) < 0.3 * sds[i], "coefficient \(i): \(fitted[i]) vs mode \(mode[i]) (sd \(sds[i]))")
        }
    }

    /// 400 points from 0.3·N(−2, 0.6) + 0.7·N(2.5, 1): the posterior means
    /// of the weights, means and scales lie within 4 posterior sds of the
    /// generating values (a calibrated posterior misses that by chance with
    /// probability < 1e-4 per quantity).
    @Test func gaussianMixture() throws {
        let mixture = try GaussianMixture(data: GaussianMixture.synthetic(n: 400, seed: 9))
        let fit = try mixture.fit(steps: 1_500, draws: 1_000, seed: 10)
        let expectations: [(PosteriorSummary, [Double])] = [(fit.weights, [0.3, 0.7]), (fit.locs, [-2, 2.5]), (fit.scales, [0.6, 1])]
        for (summary, truth) in expectations {
            for k in 0..<2 {
                #expect(abs(summary.mean[k] - truth[k]) < 4 * summary.standardDeviation[k], "\(summary.mean[k]) vs \(truth[k])")
            }
        }
    }

    /// The maximum-likelihood PPCA fit spans the top-k eigenvectors U_k of
    /// the sample covariance S, with σ² the mean of its D − k smallest
    /// eigenvalues and maximum log-likelihood per observation
    /// −½(D log 2π + Σᵢ≤ₖ log λᵢ + (D − k) log σ² + D) (Tipping & Bishop,
    /// eqs. 7–8; eigen-decomposition by GSL). SVI on minibatches reaches
    /// the same subspace (projection matrices within 0.05 entrywise), σ
    /// within 5%, and an ELBO within 0.05 nats per observation below that
    /// maximum. (W itself is not compared: the ELBO is nearly flat along
    /// W's rotations, where mean-field q pays a small price, so W's scale
    /// settles slowly.)
    @Test func probabilisticPCA() throws {
        let (n, d, k) = (300, 5, 2)
        let data = try ProbabilisticPCA.synthetic(n: n, dimension: d, latentDimension: k, noise: 0.4, seed: 11)
        let fit = try ProbabilisticPCA(data: data.x, latentDimension: k, batchSize: 100).fit(steps: 4_000, seed: 12)
        let scalars = data.x.scalars
        let rows = (0..<n).map { Array(scalars[($0 * d)..<($0 * d + d)]) }
        let (values, vectors) = gslSymmetricEigen(sampleCovariance(rows))
        let noiseVariance = values[k...].reduce(0, +) / Double(d - k)
        #expect(abs(fit.noise / noiseVariance.squareRoot() - 1) < 0.05, "σ \(fit.noise) vs \(noiseVariance.squareRoot())")
        let logTerms = values[..<k].reduce(0) { $0 + Double.log($1) } + Double(d - k) * Double.log(noiseVariance)
        let maximum = -0.5 * (Double(d) * Double.log(2 * Double.pi) + logTerms + Double(d))
        #expect(fit.elboPerObservation <= maximum + 0.02 && fit.elboPerObservation > maximum - 0.05,
                "ELBO \(fit.elboPerObservation) vs max log-likelihood \(maximum) per observation")
        let fitted = try projection(onColumnsOf: fit.loadings)
        for i in 0..<d {
            for j in 0..<d {
                let reference = (0..<k).reduce(0) { $0 + vectors[$1][i] * vectors[$1][j] }
                #expect(abs(fitted[i][j] - reference) < 0.05, "P[\(i)][\(j)]")
            }
        }
    }

    /// Amortised local latents: an encoder maps each point to its latent
    /// mean. The learned subspace is within sin θ < 0.05 of the GSL
    /// eigen-decomposition's principal subspace and the ELBO within 0.03
    /// nats of the maximum log-likelihood; the library's own closed form
    /// (Jacobi rotations) matches GSL's σ to 1e-9 and its subspace to 1e-6.
    @Test func amortisedProbabilisticPCA() throws {
        let (n, d, k) = (300, 5, 2)
        let data = try ProbabilisticPCA.synthetic(n: n, dimension: d, latentDimension: k, noise: 0.4, seed: 13)
        let pca = try ProbabilisticPCA(data: data.x, latentDimension: k, batchSize: 100, localGuide: .amortised)
        let fit = try pca.fit(steps: 3_000, seed: 14)
        let scalars = data.x.scalars
        let (values, vectors) = gslSymmetricEigen(sampleCovariance((0..<n).map { Array(scalars[($0 * d)..<($0 * d + d)]) }))
        let reference = (0..<d).map { i in (0..<k).map { vectors[$0][i] } }
        let noise = (values[k...].reduce(0, +) / Double(d - k)).squareRoot()
        let closedForm = pca.maximumLikelihood()
        #expect(abs(closedForm.noise - noise) < 1e-9)
        #expect(ProbabilisticPCA.subspaceDistance(closedForm.loadings, reference) < 1e-6)
        let w = fit.loadings.scalars
        let learned = (0..<d).map { i in (0..<k).map { w[i * k + $0] } }
        #expect(ProbabilisticPCA.subspaceDistance(learned, reference) < 0.05)
        #expect(abs(fit.elboPerObservation - closedForm.logLikelihoodPerObservation) < 0.03,
                "ELBO \(fit.elboPerObservation) vs \(closedForm.logLikelihoodPerObservation)")
        #expect(abs(fit.noise / noise - 1) < 0.05)
    }

    /// W(WᵀW)⁻¹Wᵀ for a D×2 matrix W: the orthogonal projection onto its columns.
    func projection(onColumnsOf w: Tensor<Double>) throws -> [[Double]] {
        let d = w.shape[0]
        let s: [Double] = w.scalars
        let first: [Double] = (0..<d).map { s[2 * $0] }
        let second: [Double] = (0..<d).map { s[2 * $0 + 1] }
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
        let (a, b, c) = (dot(first, first), dot(first, second), dot(second, second))
        let determinant = a * c - b * b
        var result = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d {
            for j in 0..<d {
                let left = (first[i] * c - second[i] * b) / determinant
                let right = (second[i] * a - first[i] * b) / determinant
                result[i][j] = left * first[j] + right * second[j]
            }
        }
        return result
    }

    /// Each bad argument is a ``ModelError`` naming the argument, including
    /// those that once trapped (no data, one column for PCA, a negative
    /// count of synthetic draws).
    @Test func badArgumentsAreModelErrorsNamingTheArgument() throws {
        #expect(throws: ModelError.invalidLabel(argument: "labels", value: 2, allowed: "0 or 1")) {
            try LogisticRegression(covariates: Tensor.zeros([3, 2]), labels: Tensor([0, 1, 2]), batchSize: 2)
        }
        let batch = ModelError.countOutOfRange(argument: "batchSize", value: 4, valid: 1...3)
        #expect(throws: batch) { try LogisticRegression(covariates: Tensor.zeros([3, 2]), labels: Tensor([0, 1, 1]), batchSize: 4) }
        #expect(batch.description == "batchSize must be in 1…3, got 4")
        #expect(throws: ModelError.shapeMismatch(argument: "covariates", shape: [0, 2], expected: "[n, d] with n, d ≥ 1")) {
            try LogisticRegression(covariates: Tensor.zeros([0, 2]), labels: Tensor.zeros([0]), batchSize: 1)
        }
        #expect(throws: ModelError.shapeMismatch(argument: "responses", shape: [4], expected: "[3] for covariates of shape [3, 2]")) {
            try BayesianLinearRegression(covariates: Tensor.zeros([3, 2]), responses: Tensor.zeros([4]))
        }
        #expect(throws: ModelError.notPositive(argument: "noiseScale", value: -1)) {
            try BayesianLinearRegression(covariates: Tensor.zeros([3, 2]), responses: Tensor.zeros([3]), noiseScale: -1)
        }
        #expect(throws: ModelError.nonFiniteValue(argument: "data")) { try GaussianMixture(data: Tensor([1, .nan])) }
        #expect(throws: ModelError.countOutOfRange(argument: "n", value: -1, valid: 1...Int.max)) {
            try GaussianMixture.synthetic(n: -1, seed: 0)
        }
        #expect(ModelError.countOutOfRange(argument: "n", value: -1, valid: 1...Int.max).description == "n must be at least 1, got -1")
        #expect(throws: ModelError.countOutOfRange(argument: "latentDimension", value: 3, valid: 1...2)) {
            try ProbabilisticPCA(data: Tensor.zeros([10, 3]), latentDimension: 3)
        }
        #expect(throws: ModelError.shapeMismatch(argument: "data", shape: [10, 1], expected: "[n, D] with n ≥ 1 and D ≥ 2")) {
            try ProbabilisticPCA(data: Tensor.zeros([10, 1]), latentDimension: 1)
        }
        #expect(throws: ModelError.countOutOfRange(argument: "steps", value: 0, valid: 1...Int.max)) { try EightSchools().fit(steps: 0) }
        #expect(throws: ModelError.countOutOfRange(argument: "draws", value: 1, valid: 2...Int.max)) {
            try EightSchools().fit(steps: 10, draws: 1)
        }
        #expect(throws: ModelError.notPositive(argument: "klWeight", value: 0)) { try VariationalAutoencoder(klWeight: 0) }
        #expect(throws: ModelError.countOutOfRange(argument: "count", value: 0, valid: 1...Int.max)) {
            try GlyphDigits.generate(count: 0, seed: 1)
        }
    }

    /// Glyphs are drawn from one stream in blocks and rendered on all
    /// cores: a set's first images are those of a smaller set from the same
    /// seed, across a block's end (512 images), and every pixel is in [0, 1].
    @Test func glyphsDoNotDependOnHowManyAreGenerated() throws {
        let (many, labels) = try GlyphDigits.generate(count: 1_030, seed: 3)
        let few = try GlyphDigits.generate(count: 515, seed: 3).images
        let pixels = GlyphDigits.side * GlyphDigits.side
        #expect(Array(many.scalars.prefix(515 * pixels)) == few.scalars)
        #expect(many.scalars.allSatisfy { (0...1).contains($0) })
        #expect(labels.prefix(12) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
        // The second block is not one image repeated: its first two images differ.
        #expect(Array(many.scalars[(512 * pixels)..<(513 * pixels)]) != Array(many.scalars[(513 * pixels)..<(514 * pixels)]))
    }
}

/// The inverse of a 3×3 matrix by cofactors.
func inverse3(_ a: [[Double]]) -> [[Double]] {
    let cofactor = { (i: Int, j: Int) -> Double in
        let r = [0, 1, 2].filter { $0 != i }, c = [0, 1, 2].filter { $0 != j }
        let minor = a[r[0]][c[0]] * a[r[1]][c[1]] - a[r[0]][c[1]] * a[r[1]][c[0]]
        return (i + j).isMultiple(of: 2) ? minor : -minor
    }
    let determinant = (0..<3).reduce(0) { $0 + a[0][$1] * cofactor(0, $1) }
    return (0..<3).map { i in (0..<3).map { j in cofactor(j, i) / determinant } }
}

/// The mode of the logistic-regression posterior (N(0, 1) priors on the d
/// weights and the bias) by Newton's method, and the Laplace sds
/// √diag(H⁻¹), solving with Gaussian elimination.
func newtonLogisticMode(x: [Double], y: [Double], n: Int, d: Int) -> (mode: [Double], sds: [Double]) {
    let p = d + 1
    var beta = [Double](repeating: 0, count: p)
    var hessian = [[Double]]()
    for _ in 0..<30 {
        var gradient = beta.map { -$0 }
        hessian = (0..<p).map { i in (0..<p).map { i == $0 ? 1.0 : 0 } }
        for row in 0..<n {
            let features = Array(x[(row * d)..<(row * d + d)]) + [1]
            let eta = zip(features, beta).reduce(0) { $0 + $1.0 * $1.1 }
            let mu = 1 / (1 + Double.exp(-eta))
            for i in 0..<p {
                gradient[i] += (y[row] - mu) * features[i]
                for j in 0..<p { hessian[i][j] += mu * (1 - mu) * features[i] * features[j] }
            }
        }
        beta = zip(beta, solve(hessian, gradient)).map { $0 + $1 }
    }
    let sds = (0..<p).map { i in solve(hessian, (0..<p).map { $0 == i ? 1.0 : 0 })[i].squareRoot() }
    return (beta, sds)
}

/// A·x = b by Gaussian elimination with partial pivoting.
func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
    var m = a, v = b
    let n = v.count
    for col in 0..<n {
        let pivot = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
        m.swapAt(col, pivot)
        v.swapAt(col, pivot)
        for row in (col + 1)..<n {
            let factor = m[row][col] / m[col][col]
            for j in col..<n { m[row][j] -= factor * m[col][j] }
            v[row] -= factor * v[col]
        }
    }
    var result = [Double](repeating: 0, count: n)
    for row in (0..<n).reversed() {
        result[row] = (v[row] - ((row + 1)..<n).reduce(0) { $0 + m[row][$1] * result[$1] }) / m[row][row]
    }
    return result
}
