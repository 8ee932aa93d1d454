import LatentCore

/// Cuts the gradient path from every parameter inside: their values are
/// used as constants. The gradient estimators that differentiate only
/// through the sampled values (sticking the landing, DReG) rerun the guide
/// or the model under it.
public final class DetachParametersHandler<Scalar: TensorScalar>: Handler {
    /// A handler that detaches every parameter inside it.
    public init() {}

    /// Replaces a parameter site's value, once the store has given it, by
    /// its detached copy.
    public func postprocess(_ site: inout Site<Scalar>) throws {
        guard case .param = site.kind else { return }
        site.value = site.value?.detached
    }
}
