import LatentCore

/// Fixes sites (parameters or latents) to given values, without making
/// them observed.
public final class SubstituteHandler<Scalar: TensorScalar>: Handler {
    let values: [String: Tensor<Scalar>]
    /// A handler that fixes the sites named in `values`.
    /// - Parameter values: the fixed values, by site name.
    public init(_ values: [String: Tensor<Scalar>]) { self.values = values }

    /// Sets the value of a site named in the values; it stays unobserved.
    public func process(_ site: inout Site<Scalar>) throws {
        if let value = values[site.name] { site.value = value }
    }
}
