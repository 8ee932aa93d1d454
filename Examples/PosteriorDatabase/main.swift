// The five posteriors of the posterior database (posteriordb) that issue 12
// names, each fitted by `AutoMultivariateNormal.fit` with its defaults and
// set beside its NUTS reference: per parameter, the error of the mean in
// posterior sds and the ratio of the sds; per posterior, whether the fit is
// right by the rule (every mean within 0.1 sd, every sd within 20 %) and
// the wall time of the whole fit, mode search included.
// Run: swift run -c release PosteriorDatabaseExample [data folder]
// (default: $LATENT_POSTERIORDB, else ../shared/data/posteriordb).
import Foundation
import Latent
import LatentApplication

let posteriors: [(file: String, model: (StanData) throws -> any PosteriorDatabaseModel)] = [
    ("eight_schools", PosteriorDatabase.EightSchools.init(data:)),
    ("kidiq", PosteriorDatabase.KidIQ.init(data:)),
    ("mesquite", PosteriorDatabase.Mesquite.init(data:)),
    ("sblri", PosteriorDatabase.SBLRI.init(data:)),
    ("low_dim_gauss_mix", PosteriorDatabase.LowDimensionalGaussianMixture.init(data:)),
]
let rule = (mean: 0.1, sd: 0.2)
let guideDraws = 4_000

/// A parameter's posterior mean and sd.
struct Moments: Decodable {
    let mean: Double
    let sd: Double
}

/// Benchmarks/peers/posteriordb_reference.json: NUTS moments per posterior
/// and Stan-named parameter (`beta[1]`, `sigma`).
struct Reference: Decodable {
    struct Posterior: Decodable { let parameters: [String: Moments] }
    let posteriors: [String: Posterior]
}

/// Mean and sd of every scalar of the guide's latent sites over `count`
/// joint draws, named as Stan names them, in site order.
func guideMoments(
    _ guide: AutoMultivariateNormal<Double, Void>, _ model: any PosteriorDatabaseModel, count: Int, in context: ModelContext<Double>
) throws -> [(name: String, moments: Moments)] {
    let latent = try withoutGradients { try context.trace { try guide($0) }.latentSites.map(\.name) }
    let draws = try withoutGradients { try Predictive(model: { try model($0) }, guide: guide).draw(count, in: context) }
    return try latent.flatMap { site in
        let summary = try PosteriorSummary(draws: draws[site]!)
        return summary.mean.indices.map { index in
            let name = summary.shape.isEmpty ? site : "\(site)[\(index + 1)]"
            return (name, Moments(mean: summary.mean[index], sd: summary.standardDeviation[index]))
        }
    }
}

/// Prints one row per parameter; returns whether every parameter with a
/// reference meets the rule (nil when none has one).
func report(_ fitted: [(name: String, moments: Moments)], against reference: [String: Moments]?) -> Bool? {
    let columns = ["parameter", "mean", "sd"] + (reference == nil ? [] : ["ref mean", "ref sd", "|err|/sd", "sd ratio"])
    print(row(columns))
    var verdict: Bool?
    for (name, fit) in fitted {
        guard let exact = reference?[name] else {
            print(row([name] + [fit.mean, fit.sd].map(decimal)))
            continue
        }
        let error = abs(fit.mean - exact.mean) / exact.sd, ratio = fit.sd / exact.sd
        print(row([name] + [fit.mean, fit.sd, exact.mean, exact.sd, error, ratio].map(decimal)))
        verdict = (verdict ?? true) && error <= rule.mean && abs(ratio - 1) <= rule.sd
    }
    return verdict
}

/// `body`'s result and its wall-clock time in seconds.
func timed<T>(_ body: () throws -> T) rethrows -> (value: T, seconds: Double) {
    let start = ContinuousClock.now
    let value = try body()
    let elapsed = (ContinuousClock.now - start).components
    return (value, Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
}

/// One line of a table: the first cell in 18 columns, the others in `width`.
func row(_ cells: [String], width: Int = 11) -> String {
    let padded = cells.dropLast().enumerated().map { index, cell in
        cell + String(repeating: " ", count: max(1, (index == 0 ? 18 : width) - cell.count))
    }
    return "  " + padded.joined() + (cells.last ?? "")
}
func decimal(_ value: Double) -> String { String(format: "%.5g", value) }
func verdict(_ right: Bool?) -> String { right.map { $0 ? "right" : "wrong" } ?? "no reference" }

let arguments = CommandLine.arguments.dropFirst()
let folder = arguments.first ?? ProcessInfo.processInfo.environment["LATENT_POSTERIORDB"] ?? "../shared/data/posteriordb"
guard FileManager.default.fileExists(atPath: folder) else {
    FileHandle.standardError.write(Data("No posteriordb data folder at \(folder): pass one, or set LATENT_POSTERIORDB.\n".utf8))
    exit(1)
}
let referencePath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().appendingPathComponent("../../Benchmarks/peers/posteriordb_reference.json").standardized.path
let references = FileManager.default.contents(atPath: referencePath).flatMap { try? JSONDecoder().decode(Reference.self, from: $0) }
if references == nil { print("Reference not found at \(referencePath): printing the fits alone.") }

/// Fits one posterior and prints its report; returns whether it is right and the seconds the fit took.
func fitAndReport(_ file: String, _ makeModel: (StanData) throws -> any PosteriorDatabaseModel) throws -> (Bool?, Double) {
    let model = try makeModel(StanData(contentsOf: "\(folder)/\(file).json"))
    let context = ModelContext<Double>(seed: 2024)
    let (fitted, seconds) = try timed {
        let guide = AutoMultivariateNormal(model: { try model($0) })
        return (guide: guide, report: try guide.fit(context: context))
    }
    print("\n\(type(of: model).posteriorName)")
    let moments = try guideMoments(fitted.guide, model, count: guideDraws, in: context)
    let right = report(moments, against: references?.posteriors[file]?.parameters)
    print("  \(verdict(right)) by the rule (every mean within \(rule.mean) sd, sd within \(Int(rule.sd * 100)) %)")
    print("  \(fitted.report)")
    print("  \(String(format: "%.2f", seconds)) s")
    return (right, seconds)
}

// A posterior whose data or fit fails is named and skipped; the others are still fitted.
var summary: [(posterior: String, right: Bool?, seconds: Double)] = []
var failed: [String] = []
for (file, makeModel) in posteriors {
    do {
        let (right, seconds) = try fitAndReport(file, makeModel)
        summary.append((file, right, seconds))
    } catch {
        FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
        failed.append(file)
    }
}

print("\n" + row(["posterior", "right?", "seconds"], width: 14))
for (posterior, right, seconds) in summary {
    print(row([posterior, verdict(right), String(format: "%.2f", seconds)], width: 14))
}
print("  right: \(summary.filter { $0.right == true }.count) of \(summary.count)")
if !failed.isEmpty {
    FileHandle.standardError.write(Data("failed: \(failed.joined(separator: ", "))\n".utf8))
    exit(1)
}
