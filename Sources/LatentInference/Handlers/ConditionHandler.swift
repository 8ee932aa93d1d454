import LatentCore

/// Observes sample sites at the given values: they become observed, as if
/// written with `observed:`.
public final class ConditionHandler<Scalar: TensorScalar>: Handler {
    let data: [String: Tensor<Scalar>]
    /// A handler that observes the sample sites named in `data`.
    /// - Parameter data: the observed values, by site name.
    public init(_ data: [String: Tensor<Scalar>]) { self.data = data }

    /// Makes a sample site named in the data observed at its value; other
    /// sites pass unchanged.
    public func process(_ site: inout Site<Scalar>) throws {
        guard site.distribution != nil, let value = data[site.name] else { return }
        site.value = value
        site.isObserved = true
    }
}
