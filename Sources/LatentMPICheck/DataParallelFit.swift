import Foundation
import Latent
import LatentDistributed

/// `svi MODEL STEPS [alone]`: fits MODEL by SVI for STEPS steps with the
/// job's ranks as its process group (or, with `alone`, without one, as any
/// single-process fit), then rank 0 prints every parameter's unconstrained
/// values to 17 digits, one `param NAME v…` line each, and every rank its
/// summed losses' total.
///
/// - `logistic`: Bayesian logistic regression on 600 synthetic rows with 5
///   covariates, a subsampled plate of 60 rows a step (its shares 30 or 20
///   rows), AutoNormal, TraceELBO, Adam 0.01.
/// - `schools`: eight schools (no subsampled plate: each rank computes the
///   whole loss, scaled by 1/P), AutoNormal, TraceELBO, Adam 0.02.
struct DataParallelFit {
    let model: String
    let steps: Int
    let alone: Bool
    let world: MPICommunicator

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    init(arguments: [String], world: MPICommunicator) throws {
        guard arguments.count >= 2, ["logistic", "schools"].contains(arguments[0]), let steps = Int(arguments[1]), steps > 0 else {
            throw UsageError(description: "usage: LatentMPICheck svi logistic|schools STEPS [alone]")
        }
        (model, self.steps, alone, self.world) = (arguments[0], steps, arguments.dropFirst(2).first == "alone", world)
    }

    func run() throws {
        let svi: SVI<Double, Void, Void>
        switch model {
        case "logistic":
            let data = try LogisticRegression.synthetic(n: 600, d: 5, seed: 11)
            let regression = try LogisticRegression(covariates: data.x, labels: data.y, batchSize: 60)
            svi = SVI(
                model: regression.model, guide: AutoNormal(model: regression.model), objective: try TraceELBO(),
                optimizer: try Adam(learningRate: 0.01), context: ModelContext(seed: 5))
        default:
            let schools = EightSchools()
            svi = SVI(
                model: schools.model, guide: AutoNormal(model: schools.model), objective: try TraceELBO(),
                optimizer: try Adam(learningRate: 0.02), context: ModelContext(seed: 5))
        }
        if !alone { svi.processGroup = world }
        let losses = try svi.run(steps: steps)
        if world.rank == 0 || alone {
            for name in svi.context.parameters.names.sorted() {
                let values = svi.context.parameters.unconstrainedValue(name)!.scalars.map { String(format: "%.17g", $0) }
                print("param \(name) \(values.joined(separator: " "))")
            }
        }
        print(String(format: "rank %d of %d: loss total %.17g, %@", world.rank, world.size, losses.reduce(0, +), "\(svi.compilationStatus)"))
    }
}
