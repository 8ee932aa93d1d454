import LatentCore
import LatentDistributions
import LatentInference
import LatentModels
import LatentTestSupport
import Testing

/// The default full-rank fit (``AutoMultivariateNormal/fit(context:settings:progress:)``,
/// no settings given) on the five posteriordb posteriors, from the default
/// start, against their exact posteriors (LatentTestSupport's references:
/// closed forms and quadrature, no sampling).
///
/// The guide's moments are estimated from 4,000 of its draws: a mean's
/// Monte Carlo sd is then sd/√4000 ≈ 0.016 posterior sd and an sd's about
/// 1.1 %, so the bounds below sit at least 5 Monte Carlo sds away from
/// what the fit itself must achieve, for a fixed seed.
@Suite("Default fits of the posteriordb posteriors", .serialized)
struct PosteriorDatabaseFitTests {
    /// The bar for posteriors a Gaussian on the unconstrained scale
    /// can match: every mean within 0.1 posterior sd, every sd within 20 %.
    static let strict = (mean: 0.1, sd: 0.2)

    @Test func kidiq() throws {
        let data = try PosteriorData.load("kidiq")
        let model = try PosteriorDatabase.KidIQ(kidScore: Tensor(data.vector("kid_score")), momIQ: Tensor(data.vector("mom_iq")))
        try check(model.model, against: PosteriorReference.kidiq(data), within: Self.strict)
    }

    @Test func mesquite() throws {
        let data = try PosteriorData.load("mesquite")
        let columns = try ["weight", "diam1", "diam2", "canopy_height", "total_height", "density", "group"].map { try Tensor(data.vector($0)) }
        let model = try PosteriorDatabase.Mesquite(
            weight: columns[0], diam1: columns[1], diam2: columns[2], canopyHeight: columns[3], totalHeight: columns[4],
            density: columns[5], group: columns[6])
        try check(model.model, against: PosteriorReference.mesquite(data), within: Self.strict)
    }

    @Test func sblri() throws {
        let data = try PosteriorData.load("sblri")
        let rows = try data.matrix("X")
        let x = try Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0 })
        let model = try PosteriorDatabase.SBLRI(x: x, y: Tensor(data.vector("y")))
        try check(model.model, against: PosteriorReference.sblri(data), within: Self.strict)
    }

    /// The mixture's posterior (N = 1,000) is close to Gaussian on the
    /// unconstrained scale, so the strict bar applies; its reference is a
    /// 7⁵-node Gauss–Hermite rule (error far below 1e-3 sd).
    @Test func gaussianMixture() throws {
        let data = try PosteriorData.load("low_dim_gauss_mix")
        let model = try PosteriorDatabase.LowDimensionalGaussianMixture(y: Tensor(data.vector("y")))
        try check(model.model, against: PosteriorReference.gaussianMixture(data, nodesPerAxis: 7), within: Self.strict)
    }

    /// Eight schools: τ's posterior is far from log-normal (its density is
    /// positive at τ = 0), so even the best Gaussian on (θ̃, μ, log τ) is
    /// not the posterior: NumPyro's AutoMultivariateNormal after 10,000
    /// steps is 0.30 sd off in a mean and 38 % low in τ's sd
    /// (Benchmarks/peers/posteriordb_numpyro.py), and this fit 0.14 sd and
    /// 29 % (τ). The bar is therefore the Gaussian family's, as NumPyro's
    /// fit measures it: every mean within 0.3 sd, every sd within 40 %.
    @Test func eightSchools() throws {
        let data = try PosteriorData.load("eight_schools")
        let model = try PosteriorDatabase.EightSchools(y: Tensor(data.vector("y")), sigma: Tensor(data.vector("sigma")))
        try check(model.model, against: PosteriorReference.eightSchools(data), within: (mean: 0.3, sd: 0.4))
    }

    /// Fits `model` with the defaults and compares every scalar the guide
    /// draws that the reference names.
    func check(
        _ model: @escaping (ModelContext<Double>) throws -> Void, against reference: PosteriorReference,
        within bar: (mean: Double, sd: Double)
    ) throws {
        let guide = AutoMultivariateNormal(model: model)
        let context = ModelContext<Double>(seed: 2024)
        let report = try guide.fit(context: context)
        let moments = try guideMoments(guide, context, draws: 4_000)
        var compared = 0
        for name in reference.parameters {
            guard let (mean, sd) = moments[name], let exactMean = reference.mean[name], let exactSD = reference.sd[name] else { continue }
            #expect(abs(mean - exactMean) < bar.mean * exactSD, "\(reference.posterior) \(name): mean \(mean) vs \(exactMean) (sd \(exactSD)); \(report)")
            #expect(abs(sd / exactSD - 1) < bar.sd, "\(reference.posterior) \(name): sd \(sd) vs \(exactSD); \(report)")
            compared += 1
        }
        #expect(compared >= 3, "only \(compared) parameters of \(reference.posterior) compared")
    }

    /// Mean and sd of every scalar of every latent site over `draws` guide
    /// draws, named as Stan names them (`beta[1]`, `sigma`).
    func guideMoments(
        _ guide: AutoMultivariateNormal<Double, Void>, _ context: ModelContext<Double>, draws: Int
    ) throws -> [String: (Double, Double)] {
        var sums: [String: (Double, Double, Int)] = [:]
        try withoutGradients {
            for _ in 0..<draws {
                let trace = try context.trace { try guide($0) }
                for site in trace.latentSites where !site.name.hasPrefix("_") {
                    let values = site.value!.scalars
                    for (index, value) in values.enumerated() {
                        let name = site.value!.rank == 0 ? site.name : "\(site.name)[\(index + 1)]"
                        let (sum, squares, count) = sums[name] ?? (0, 0, 0)
                        sums[name] = (sum + value, squares + value * value, count + 1)
                    }
                }
            }
        }
        return sums.mapValues { sum, squares, count in
            let mean = sum / Double(count)
            return (mean, ((squares / Double(count) - mean * mean) * Double(count) / Double(count - 1)).squareRoot())
        }
    }
}
