import LatentCore

/// The sites of one run, in the order they occurred.
public struct Trace<Scalar: TensorScalar>: Sendable {
    /// Every recorded site, in the order they occurred.
    public private(set) var sites: [Site<Scalar>] = []
    private var positions: [String: Int] = [:]

    /// An empty trace.
    public init() {}

    /// The site named `name`, or nil if the run had none.
    public subscript(name: String) -> Site<Scalar>? {
        positions[name].map { sites[$0] }
    }

    mutating func append(_ site: Site<Scalar>) {
        positions[site.name] = sites.count
        sites.append(site)
    }

    /// The latent (unobserved) sample sites, auxiliary ones excluded.
    public var latentSites: [Site<Scalar>] {
        sites.filter { $0.distribution != nil && !$0.isObserved && $0.auxiliaryRole == nil }
    }

    /// The observed sample sites.
    public var observedSites: [Site<Scalar>] {
        sites.filter { $0.distribution != nil && $0.isObserved }
    }

    /// Σ over sample and factor sites of scale·log p: the log-joint.
    // Kept for the `svi` benchmark: every trace is summed here.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func logProbSum() throws -> Tensor<Scalar> {
        try sites.reduce(Tensor(0)) { try $0 + $1.logProbSum() }
    }
}
