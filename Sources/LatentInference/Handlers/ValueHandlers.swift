import LatentCore

/// Gives latent sample sites the values a recorded trace holds (the guide's
/// draws, when scoring the model against a guide), and subsampled plates
/// its minibatches. Observed sites keep their data.
public final class ReplayHandler<Scalar: TensorScalar>: Handler {
    let trace: Trace<Scalar>
    public init(_ trace: Trace<Scalar>) { self.trace = trace }

    public func process(_ site: inout Site<Scalar>) throws {
        guard let recorded = trace[site.name] else { return }
        if case .subsample = site.kind {
            site.indices = recorded.indices
        } else if site.distribution != nil, !site.isObserved {
            site.value = recorded.value
        }
    }
}

/// Observes sample sites at the given values: they become observed, as if
/// written with `observed:`.
public final class ConditionHandler<Scalar: TensorScalar>: Handler {
    let data: [String: Tensor<Scalar>]
    public init(_ data: [String: Tensor<Scalar>]) { self.data = data }

    public func process(_ site: inout Site<Scalar>) throws {
        guard site.distribution != nil, let value = data[site.name] else { return }
        site.value = value
        site.isObserved = true
    }
}

/// Fixes sites (parameters or latents) to given values, without making
/// them observed.
public final class SubstituteHandler<Scalar: TensorScalar>: Handler {
    let values: [String: Tensor<Scalar>]
    public init(_ values: [String: Tensor<Scalar>]) { self.values = values }

    public func process(_ site: inout Site<Scalar>) throws {
        if let value = values[site.name] { site.value = value }
    }
}

/// Turns observed sample sites back into draws from their distributions:
/// the model then simulates data instead of scoring it (posterior
/// predictive checks).
public final class UnconditionHandler<Scalar: TensorScalar>: Handler {
    public init() {}

    public func process(_ site: inout Site<Scalar>) throws {
        guard site.distribution != nil, site.isObserved else { return }
        site.value = nil
        site.isObserved = false
    }
}
