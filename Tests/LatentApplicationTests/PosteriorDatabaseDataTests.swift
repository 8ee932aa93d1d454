import LatentApplication
import LatentCore
import LatentInference
import LatentModels
import Testing

/// The five posteriors built from their published data files.
@Suite("Posterior database models from their data")
struct PosteriorDatabaseDataTests {
    /// Each model reads its file, and its log joint at its prior-median
    /// start (AutoDelta) is finite: every key read, every shape fitting.
    /// For kidiq the value is also checked by hand at β = (26, 0.6),
    /// σ = 18: half-Cauchy(2.5) plus 434 normal log-densities.
    @Test func buildsEachModelFromItsFile() throws {
        guard let folder = posteriorDatabaseFolder() else { return }
        func read(_ name: String) throws -> StanData { try StanData(contentsOf: "\(folder)/\(name).json") }
        let models: [any PosteriorDatabaseModel] = [
            try PosteriorDatabase.EightSchools(data: read("eight_schools")),
            try PosteriorDatabase.KidIQ(data: read("kidiq")),
            try PosteriorDatabase.Mesquite(data: read("mesquite")),
            try PosteriorDatabase.SBLRI(data: read("sblri")),
            try PosteriorDatabase.LowDimensionalGaussianMixture(data: read("low_dim_gauss_mix")),
        ]
        for model in models {
            let context = ModelContext<Double>(seed: 3)
            let start = try context.trace(AutoDelta(model: model.model).callAsFunction)
            let logJoint = try context.trace(replaying(start, in: model.model)).logProbSum().scalarValue
            #expect(logJoint.isFinite, "\(type(of: model).posteriorName): \(logJoint)")
        }

        let kidiq = try read("kidiq")
        let (score, iq) = (try kidiq.tensor("kid_score", as: Double.self).scalars, try kidiq.tensor("mom_iq", as: Double.self).scalars)
        let trace = try ModelContext<Double>(seed: 4).trace { c in
            try c.handled(by: ConditionHandler(["beta": Tensor([26.0, 0.6]), "sigma": Tensor(18.0)])) {
                try PosteriorDatabase.KidIQ(data: kidiq)(c)
            }
        }
        let normals = zip(score, iq).map { y, x in
            let z = (y - 26 - 0.6 * x) / 18
            return -z * z / 2 - Double.log(18) - 0.5 * Double.log(2 * .pi)
        }.reduce(0, +)
        let expected = normals + Double.log(2 / (Double.pi * 2.5)) - Double.log(1 + (18 / 2.5) * (18 / 2.5))
        let ours = try trace.logProbSum().scalarValue
        #expect(abs(ours - expected) <= 1e-12 * abs(expected), "\(ours) vs \(expected)")
    }
}
