import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

/// The posterior on the unconstrained scale against its formula:
/// μ ~ N(1, 2), σ ~ Exponential(1), yᵢ ~ N(μ, σ), with u = (μ, log σ):
/// f(u) = log N(μ; 1, 2) + log Exp(σ; 1) + u₂ + Σᵢ log N(yᵢ; μ, σ).
@Suite("The unconstrained log density")
struct UnconstrainedLogDensityTests {
    let y = [0.3, -1.2, 2.5, 0.8]

    func model(_ c: ModelContext<Double>) throws {
        let mu = try c.sample("mu", Normal(loc: 1, scale: 2))
        let sigma = try c.sample("sigma", Exponential(rate: 1.0))
        _ = try c.sample("y", Normal(loc: mu, scale: sigma), observed: Tensor(y))
    }

    func byHand(_ u: [Double]) -> Double {
        let (mu, sigma) = (u[0], Double.exp(u[1]))
        func logNormal(_ x: Double, _ m: Double, _ s: Double) -> Double {
            -0.5 * ((x - m) / s) * ((x - m) / s) - Double.log(s) - 0.5 * Double.log(2 * Double.pi)
        }
        return logNormal(mu, 1, 2) - sigma + u[1] + y.reduce(0) { $0 + logNormal($1, mu, sigma) }
    }

    @Test func valueAndGradientMatchTheFormula() throws {
        let density = try UnconstrainedLogDensity(model: model)
        #expect(density.dimension == 2)
        #expect(density.sites.map(\.name) == ["mu", "sigma"])
        for u in [[0.0, 0.0], [1.5, -0.7], [-2.0, 1.1]] {
            #expect(isClose(try density(u), byHand(u), tolerance: 1e-12))
            let (value, gradient) = try density.valueWithGradient(at: u)
            #expect(isClose(value, byHand(u), tolerance: 1e-12))
            // Central differences of the formula: error O(h²) ≈ 1e-10.
            for j in 0..<2 {
                var up = u, down = u
                up[j] += 1e-5
                down[j] -= 1e-5
                #expect(isClose(gradient[j], (byHand(up) - byHand(down)) / 2e-5, tolerance: 1e-7), "∂f/∂u\(j) at \(u)")
            }
        }
        let values = try density.constrainedValues(at: [0.5, Double.log(3)])
        #expect(isClose(try values["sigma"]!.scalarValue, 3, tolerance: 1e-14))
        #expect(try values["mu"]!.scalarValue == 0.5)
    }

    @Test func theNegativeHessianMatchesSecondDifferencesOfTheFormula() throws {
        let density = try UnconstrainedLogDensity(model: model)
        let u = [0.4, 0.2]
        let hessian = try density.negativeHessian(at: u)
        // Second differences of f with h = 1e-4: error O(h²) plus rounding ε/h² ≈ 2e-8.
        let h = 1e-4
        for i in 0..<2 {
            for j in 0..<2 {
                func f(_ a: Double, _ b: Double) -> Double {
                    var point = u
                    point[i] += a
                    point[j] += b
                    return byHand(point)
                }
                let second = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h)
                #expect(isClose(hessian[i * 2 + j], -second, tolerance: 1e-5), "H[\(i)][\(j)]")
            }
        }
    }

    @Test func aVectorOfTheWrongLengthIsRefusedByName() throws {
        let density = try UnconstrainedLogDensity(model: model)
        #expect(throws: InferenceError.invalidArgument(
            name: "u", reason: "has 3 entries; the model's unconstrained dimension is 2")) {
            _ = try density([1, 2, 3])
        }
    }

    /// A discrete latent site has no unconstrained form: the error names it.
    @Test func aDiscreteLatentSiteIsRefusedByName() throws {
        func mixed(_ c: ModelContext<Double>) throws {
            _ = try c.sample("mu", Normal(loc: 0, scale: 1))
            _ = try c.sample("coin", Bernoulli(probs: 0.3))
        }
        #expect(throws: InferenceError.guideMismatch(
            site: "coin",
            reason: "an autoguide covers continuous latent sites only, and this one's values are "
                + "an integer in [0.0, 1.0] (no bijector from unconstrained space); observe it or sum it out")) {
            _ = try UnconstrainedLogDensity(model: mixed)
        }
    }
}
