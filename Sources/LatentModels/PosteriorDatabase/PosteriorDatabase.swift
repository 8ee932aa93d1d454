import LatentCore
import LatentInference

/// Posteriors of the public posterior database (stan-dev/posteriordb),
/// ported from their Stan programs: each model takes its data as tensors
/// (read them with `StanData` from the published JSON) and names its latent
/// sites as Stan names its parameters.
///
/// Parameters that Stan leaves without a prior get ``/LatentDistributions/Flat`` priors, and
/// Stan's `ordered` vectors ``/LatentDistributions/Ordered`` priors; Stan's densities drop
/// constants these keep, which changes no posterior.
public enum PosteriorDatabase {}

/// One posterior of the posterior database: a model over its data.
public protocol PosteriorDatabaseModel: Sendable {
    /// posteriordb's name for the posterior, `data-model`.
    static var posteriorName: String { get }

    /// The model, with the data it was built with.
    func model(_ context: ModelContext<Double>) throws

    /// Names of the axes of sites that no plate names (a vector drawn or
    /// computed outside the plate that indexes its elements), by site: how
    /// files such as ArviZ's InferenceData label them. None by default.
    var dimensionNames: [String: [String]] { get }
}

extension PosteriorDatabaseModel {
    /// No names beyond the plates'.
    public var dimensionNames: [String: [String]] { [:] }

    /// Runs the model: `model(context)`, so the value can be called as the
    /// model itself.
    public func callAsFunction(_ context: ModelContext<Double>) throws {
        try model(context)
    }
}

extension PosteriorDatabase {
    /// Checks one data vector: of shape [`count`] (any length ≥ 1 when nil)
    /// and finite.
    /// - Throws: ``ModelError/shapeMismatch(argument:shape:expected:)``,
    ///   ``ModelError/nonFiniteValue(argument:)``.
    static func checkVector(_ argument: String, _ values: Tensor<Double>, count: Int? = nil) throws {
        guard values.rank == 1, values.count >= 1, count.map({ values.count == $0 }) ?? true else {
            throw ModelError.shapeMismatch(argument: argument, shape: values.shape, expected: count.map { "[\($0)]" } ?? "[n] with n ≥ 1")
        }
        try ModelError.checkFinite(argument, values)
    }

    /// The n×(k + 1) matrix of a column of ones followed by `columns`, each
    /// of n values: a regression's design matrix with its intercept.
    static func designMatrix(_ columns: [Tensor<Double>]) throws -> Tensor<Double> {
        let n = columns[0].count
        let values = columns.map(\.scalars)
        let scalars = (0..<n).flatMap { i in [1.0] + values.map { $0[i] } }
        return try Tensor(shape: [n, columns.count + 1], scalars: scalars)
    }
}
