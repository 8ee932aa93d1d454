import LatentCore

/// K particles drawn at once: the guide and the model run inside one outer
/// plate `_particles` of size K, on the batch axis just left of every
/// plate the model uses (Pyro's `vectorize_particles`). Every site then
/// carries a particle axis, so one pass does the work of K; the model and
/// guide must broadcast over that leading axis (write batched arithmetic,
/// as plates already require).
public struct ParticlePlate<Scalar: TensorScalar> {
    /// The plate's name, reserved: a model's own plate may not use it.
    public static var name: String { "_particles" }
    /// K, the number of particles.
    public let size: Int
    /// The plate's (negative) batch axis; found from the model's plates by
    /// ``place(for:in:)`` when not given.
    public private(set) var dim: Int?

    /// K particles on batch axis `dim`, or on the axis left of the model's
    /// plates (found by ``place(for:in:)``) when `dim` is nil.
    public init(size: Int, dim: Int? = nil) {
        self.size = size
        self.dim = dim
    }

    /// Finds the plate's dim from `model`'s plates (one hidden run), once.
    public mutating func place<M>(for model: (ModelContext<Scalar>) throws -> M, in context: ModelContext<Scalar>) throws {
        if dim == nil { dim = try -(context.plateNesting(of: model) + 1) }
    }

    /// `body` inside the particle plate.
    public func run<R>(in context: ModelContext<Scalar>, _ body: () throws -> R) throws -> R {
        try context.plate(Self.name, size: size, dim: dim ?? -1) { _ in try body() }
    }

    /// Σ over `trace`'s sites of their terms, per particle: a [K] tensor.
    /// - Throws: ``InferenceError/plateShapeMismatch(site:plate:plateSize:batchShape:)``
    ///   for a site whose terms lack the particle axis.
    public func perParticle(_ trace: Trace<Scalar>) throws -> Tensor<Scalar> {
        var total = try Tensor<Scalar>.zeros([size])
        for site in trace.sites {
            guard let terms = try site.logProbTerms() else { continue }
            total = try total + reduce(terms, site: site.name)
        }
        return total
    }

    /// `terms` summed over every axis but the particle axis.
    func reduce(_ terms: Tensor<Scalar>, site: String) throws -> Tensor<Scalar> {
        let axis = terms.rank + (dim ?? -1)
        guard axis >= 0, terms.shape[axis] == size else {
            throw InferenceError.plateShapeMismatch(site: site, plate: Self.name, plateSize: size, batchShape: terms.shape)
        }
        let others = (0..<terms.rank).filter { $0 != axis }
        return others.isEmpty ? terms : try terms.sum(alongAxes: others)
    }
}
