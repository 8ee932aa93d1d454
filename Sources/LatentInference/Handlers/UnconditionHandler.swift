import LatentCore

/// Turns observed sample sites back into draws from their distributions:
/// the model then simulates data instead of scoring it (posterior
/// predictive checks).
public final class UnconditionHandler<Scalar: TensorScalar>: Handler {
    /// A handler that turns every observed sample site inside into a draw.
    public init() {}

    /// Clears an observed sample site's value and its observed flag, so that
    /// it is drawn from its distribution.
    public func process(_ site: inout Site<Scalar>) throws {
        guard site.distribution != nil, site.isObserved else { return }
        site.value = nil
        site.isObserved = false
    }
}
