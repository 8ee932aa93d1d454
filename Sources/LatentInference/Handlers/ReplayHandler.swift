import LatentCore

/// Gives latent sample sites the values a recorded trace holds (the guide's
/// draws, when scoring the model against a guide), and subsampled plates
/// its minibatches. Observed sites keep their data.
public final class ReplayHandler<Scalar: TensorScalar>: Handler {
    let trace: Trace<Scalar>
    /// A handler that replays `trace`.
    /// - Parameter trace: the recorded run whose values and minibatches are given back.
    public init(_ trace: Trace<Scalar>) { self.trace = trace }

    /// Gives a latent sample site the value the trace recorded under its
    /// name, and a subsampled plate its recorded indices; observed sites,
    /// other kinds and names the trace lacks pass unchanged.
    public func process(_ site: inout Site<Scalar>) throws {
        guard let recorded = trace[site.name] else { return }
        if case .subsample = site.kind {
            site.indices = recorded.indices
        } else if site.distribution != nil, !site.isObserved {
            site.value = recorded.value
        }
    }
}
