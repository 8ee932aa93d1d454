import Foundation
import Latent
import LatentDistributed

/// `svi MODEL STEPS [alone] [eager] [perturbed] [misshapen]`: fits MODEL by
/// SVI for STEPS steps with the job's ranks as its process group (or, with
/// `alone`, without one, as any single-process fit), then rank 0 prints
/// every parameter's unconstrained values to 17 digits, one `param NAME v…`
/// line each, and every rank its summed losses' total.
///
/// - `eager`: the steps are not compiled.
/// - `perturbed`: the guide's parameters are created before the fit (in a
///   context of their own, so the fit's stream is untouched), and every
///   rank but 0 then shifts them by 0.5: the broadcast must undo that.
/// - `misshapen`: rank 1 holds one parameter more than the others.
///
/// - `logistic`: Bayesian logistic regression on 600 synthetic rows with 5
///   covariates, a subsampled plate of 60 rows a step (its shares 30 or 20
///   rows), AutoNormal, TraceELBO, Adam 0.01.
/// - `schools`: eight schools (no subsampled plate: each rank computes the
///   whole loss, scaled by 1/P), AutoNormal, TraceELBO, Adam 0.02.
struct DataParallelFit {
    let model: String
    let steps: Int
    let flags: Set<String>
    let world: MPICommunicator
    var alone: Bool { flags.contains("alone") }

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    init(arguments: [String], world: MPICommunicator) throws {
        guard arguments.count >= 2, ["logistic", "schools"].contains(arguments[0]), let steps = Int(arguments[1]), steps > 0 else {
            throw UsageError(description: "usage: LatentMPICheck svi logistic|schools STEPS [alone] [eager] [perturbed] [misshapen]")
        }
        (model, self.steps, flags, self.world) = (arguments[0], steps, Set(arguments.dropFirst(2)), world)
    }

    func run() throws {
        let modelFunction: (ModelContext<Double>) throws -> Void
        let rate: Double
        switch model {
        case "logistic":
            let data = try LogisticRegression.synthetic(n: 600, d: 5, seed: 11)
            modelFunction = try LogisticRegression(covariates: data.x, labels: data.y, batchSize: 60).model
            rate = 0.01
        default:
            modelFunction = EightSchools().model
            rate = 0.02
        }
        let guide = AutoNormal(model: modelFunction)
        let store = ParameterStore<Double>()
        if flags.contains("misshapen"), world.rank == 1 { _ = try ModelContext(parameters: store).param("extra", Tensor(1.0)) }
        if flags.contains("perturbed") {
            _ = try ModelContext(parameters: store, seed: 99).trace { try guide($0) }
            if world.rank != 0 {
                for name in store.names { store.updateUnconstrainedValue(name) { $0 = $0 + 0.5 } }
            }
        }
        let svi = SVI(
            model: modelFunction, guide: guide, objective: try TraceELBO(), optimizer: try Adam(learningRate: rate),
            context: ModelContext(parameters: store, seed: 5))
        if flags.contains("eager") { svi.compilation = .off }
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
