import LatentCore

/// Records every site it sees, after its value is known.
public final class TraceHandler<Scalar: TensorScalar>: Handler {
    /// The sites recorded so far, in the order their values became known.
    public private(set) var trace = Trace<Scalar>()
    /// A handler with an empty trace.
    public init() {}

    /// Appends the site, with its final value, to ``trace``.
    public func postprocess(_ site: inout Site<Scalar>) throws {
        trace.append(site)
    }
}
