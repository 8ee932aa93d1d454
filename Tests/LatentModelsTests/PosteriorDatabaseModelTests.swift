import LatentCore
import LatentDistributions
import LatentInference
import LatentModels
import LatentTestSupport
import Testing

// Log-densities written out from their formulas, independently of the
// distribution types the models use.
private let logRootTwoPi = 0.5 * Double.log(2 * .pi)

private func normal(_ x: Double, _ mean: Double, _ sd: Double) -> Double {
    -(x - mean) * (x - mean) / (2 * sd * sd) - Double.log(sd) - logRootTwoPi
}

private func halfNormal(_ x: Double, _ scale: Double) -> Double { Double.log(2) + normal(x, 0, scale) }

/// 2/(πγ(1 + (x/γ)²)).
private func halfCauchy(_ x: Double, _ scale: Double) -> Double {
    Double.log(2 / (Double.pi * scale)) - Double.log(1 + (x / scale) * (x / scale))
}

/// Beta(5, 5): x⁴(1 − x)⁴/B(5, 5), B(5, 5) = 4!·4!/9!.
private func beta55(_ x: Double) -> Double {
    4 * Double.log(x) + 4 * Double.log(1 - x) - Double.log(576.0 / 362_880)
}

/// The log joint of `model` with every latent site held at `values`.
private func logJoint(_ model: some PosteriorDatabaseModel, at values: [String: Tensor<Double>]) throws -> (Double, Trace<Double>) {
    let trace = try ModelContext<Double>(seed: 1).trace { c in
        try c.handled(by: ConditionHandler(values)) { try model(c) }
    }
    return (try trace.logProbSum().scalarValue, trace)
}

/// Each ported posterior's log joint at a fixed point equals the density
/// written out by hand from the Stan program (up to the constants Stan
/// drops, which the hand-written sums keep too). Small data sets keep the
/// sums readable; the agreement is to rounding, 1e-12 relative.
@Suite("Posterior database models")
struct PosteriorDatabaseModelTests {
    @Test func eightSchoolsNoncentered() throws {
        let (y, sigma) = ([28.0, 8, -3], [15.0, 10, 16])
        let model = try PosteriorDatabase.EightSchools(y: Tensor(y), sigma: Tensor(sigma))
        let (thetaTrans, mu, tau) = ([0.3, -1.2, 0.8], 4.0, 2.5)
        let (ours, trace) = try logJoint(
            model, at: ["theta_trans": Tensor(thetaTrans), "mu": Tensor(mu), "tau": Tensor(tau)])
        let theta = thetaTrans.map { mu + tau * $0 }
        var expected = thetaTrans.map { normal($0, 0, 1) }.reduce(0, +) + normal(mu, 0, 5) + halfCauchy(tau, 5)
        expected += (0..<3).map { normal(y[$0], theta[$0], sigma[$0]) }.reduce(0, +)
        #expect(isClose(ours, expected, tolerance: 1e-12), "\(ours) vs \(expected)")
        #expect(trace["theta"]?.value?.scalars == theta)
    }

    @Test func kidIQ() throws {
        let (score, iq) = ([65.0, 98, 85], [121.1, 89.4, 115.4])
        let model = try PosteriorDatabase.KidIQ(kidScore: Tensor(score), momIQ: Tensor(iq))
        let (beta, sigma) = ([26.0, 0.6], 18.0)
        let (ours, _) = try logJoint(model, at: ["beta": Tensor(beta), "sigma": Tensor(sigma)])
        let expected = halfCauchy(sigma, 2.5) + (0..<3).map { normal(score[$0], beta[0] + beta[1] * iq[$0], sigma) }.reduce(0, +)
        #expect(isClose(ours, expected, tolerance: 1e-12), "\(ours) vs \(expected)")
    }

    @Test func logMesquite() throws {
        let weight = [401.3, 513.7, 1179.2], diam1 = [1.8, 1.7, 2.8], diam2 = [1.15, 1.35, 2.55]
        let canopy = [1.0, 1.33, 0.6], total = [1.3, 1.35, 2.16], density = [1.0, 2, 1], group = [0.0, 1, 0]
        let model = try PosteriorDatabase.Mesquite(
            weight: Tensor(weight), diam1: Tensor(diam1), diam2: Tensor(diam2), canopyHeight: Tensor(canopy),
            totalHeight: Tensor(total), density: Tensor(density), group: Tensor(group))
        let (beta, sigma) = ([5.0, 0.4, 1.1, 0.3, 0.5, 0.1, -0.2], 0.3)
        let (ours, _) = try logJoint(model, at: ["beta": Tensor(beta), "sigma": Tensor(sigma)])
        let expected = (0..<3).map { i in
            let mean = beta[0] + beta[1] * Double.log(diam1[i]) + beta[2] * Double.log(diam2[i]) + beta[3] * Double.log(canopy[i])
                + beta[4] * Double.log(total[i]) + beta[5] * Double.log(density[i]) + beta[6] * group[i]
            return normal(Double.log(weight[i]), mean, sigma)
        }.reduce(0, +)
        #expect(isClose(ours, expected, tolerance: 1e-12), "\(ours) vs \(expected)")
    }

    @Test func sblri() throws {
        let x = [[1.0, 0.5], [-0.3, 2], [0.7, -1.1]], y = [1.2, 3.1, -0.4]
        let model = try PosteriorDatabase.SBLRI(x: Tensor(rows: x), y: Tensor(y))
        let (beta, sigma) = ([0.8, 1.3], 0.9)
        let (ours, _) = try logJoint(model, at: ["beta": Tensor(beta), "sigma": Tensor(sigma)])
        var expected = beta.map { normal($0, 0, 10) }.reduce(0, +) + halfNormal(sigma, 10)
        expected += (0..<3).map { normal(y[$0], x[$0][0] * beta[0] + x[$0][1] * beta[1], sigma) }.reduce(0, +)
        #expect(isClose(ours, expected, tolerance: 1e-12), "\(ours) vs \(expected)")
    }

    /// Stan's `ordered[2] mu ~ normal(0, 2)` is Σ log φ(μₖ) without log 2!,
    /// which the ordered prior (a proper density) adds. A μ out of order is
    /// outside the prior's support.
    @Test func lowDimensionalGaussianMixture() throws {
        let y = [-2.1, 0.4, 3.3]
        let model = try PosteriorDatabase.LowDimensionalGaussianMixture(y: Tensor(y))
        let (mu, sigma, theta) = ([-1.5, 2.0], [0.8, 1.3], 0.4)
        let (ours, _) = try logJoint(model, at: ["mu": Tensor(mu), "sigma": Tensor(sigma), "theta": Tensor(theta)])
        var expected = Double.log(2) + mu.map { normal($0, 0, 2) }.reduce(0, +) + sigma.map { halfNormal($0, 2) }.reduce(0, +)
        expected += beta55(theta)
        expected += y.map { value in
            Double.log(theta * Double.exp(normal(value, mu[0], sigma[0])) + (1 - theta) * Double.exp(normal(value, mu[1], sigma[1])))
        }.reduce(0, +)
        #expect(isClose(ours, expected, tolerance: 1e-12), "\(ours) vs \(expected)")
        #expect(throws: InferenceError.observationOutsideSupport(site: "mu", requirement: "strictly increasing")) {
            try logJoint(model, at: ["mu": Tensor([2.0, -1.5]), "sigma": Tensor(sigma), "theta": Tensor(theta)])
        }
    }

    /// An autoguide discovers every latent site of every model, flat and
    /// ordered ones included, with its shape and support.
    @Test func autoguidesCoverEveryModel() throws {
        let models: [any PosteriorDatabaseModel] = [
            try PosteriorDatabase.EightSchools(y: Tensor([28.0, 8]), sigma: Tensor([15.0, 10])),
            try PosteriorDatabase.KidIQ(kidScore: Tensor([65.0, 98]), momIQ: Tensor([121.1, 89.4])),
            try PosteriorDatabase.Mesquite(
                weight: Tensor([401.3, 513.7]), diam1: Tensor([1.8, 1.7]), diam2: Tensor([1.15, 1.35]),
                canopyHeight: Tensor([1.0, 1.33]), totalHeight: Tensor([1.3, 1.35]), density: Tensor([1.0, 2]), group: Tensor([0.0, 1])),
            try PosteriorDatabase.SBLRI(x: Tensor(rows: [[1.0, 0.5], [-0.3, 2]]), y: Tensor([1.2, 3.1])),
            try PosteriorDatabase.LowDimensionalGaussianMixture(y: Tensor([-2.1, 0.4])),
        ]
        let sites = [["theta_trans", "mu", "tau"], ["beta", "sigma"], ["beta", "sigma"], ["beta", "sigma"], ["mu", "sigma", "theta"]]
        for (model, expected) in zip(models, sites) {
            let context = ModelContext<Double>(seed: 2)
            let guide = AutoMultivariateNormal(model: model.model)
            let draw = try context.trace(guide.callAsFunction)
            #expect(draw.latentSites.map(\.name) == expected, "\(type(of: model).posteriorName)")
            let scored = try context.trace(replaying(draw, in: model.model))
            #expect(try scored.logProbSum().scalarValue.isFinite, "\(type(of: model).posteriorName)")
        }
    }

    /// Data that cannot be used are named errors.
    @Test func badDataAreNamed() throws {
        #expect(throws: ModelError.shapeMismatch(argument: "momIQ", shape: [1], expected: "[2]")) {
            try PosteriorDatabase.KidIQ(kidScore: Tensor([65.0, 98]), momIQ: Tensor([121.1]))
        }
        #expect(throws: ModelError.notPositive(argument: "sigma", value: -1)) {
            try PosteriorDatabase.EightSchools(y: Tensor([1.0, 2]), sigma: Tensor([3.0, -1]))
        }
        #expect(throws: ModelError.nonFiniteValue(argument: "log(weight)")) {
            try PosteriorDatabase.Mesquite(
                weight: Tensor([0.0]), diam1: Tensor([1.0]), diam2: Tensor([1.0]), canopyHeight: Tensor([1.0]),
                totalHeight: Tensor([1.0]), density: Tensor([1.0]), group: Tensor([0.0]))
        }
    }
}
