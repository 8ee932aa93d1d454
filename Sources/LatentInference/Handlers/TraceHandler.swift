import LatentCore

/// Records every site it sees, after its value is known.
public final class TraceHandler<Scalar: TensorScalar>: Handler {
    public private(set) var trace = Trace<Scalar>()
    public init() {}

    public func postprocess(_ site: inout Site<Scalar>) throws {
        trace.append(site)
    }
}
