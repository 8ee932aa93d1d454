import LatentCore

/// Fixes sites (parameters or latents) to given values, without making
/// them observed.
public final class SubstituteHandler<Scalar: TensorScalar>: Handler {
    let values: [String: Tensor<Scalar>]
    public init(_ values: [String: Tensor<Scalar>]) { self.values = values }

    public func process(_ site: inout Site<Scalar>) throws {
        if let value = values[site.name] { site.value = value }
    }
}
