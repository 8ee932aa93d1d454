import LatentCore

/// `base` repeated over new leading batch axes, and over its size-1 batch
/// axes widened: independent copies with the same parameters (`expand` in
/// PyTorch).
public struct Expanded<Base: Distribution>: Distribution {
    /// The scalar type of the base distribution.
    public typealias Scalar = Base.Scalar
    /// The distribution that is repeated.
    public let base: Base
    /// The expanded batch shape: new leading axes, then the base's batch axes
    /// with the size-1 ones widened.
    public let batchShape: [Int]

    /// Creates independent copies of `base` over `batchShape`.
    ///
    /// - Throws: ``DistributionError/parameterShapeMismatch(distribution:shapes:)``
    ///   unless the base's batch shape broadcasts to `batchShape` (its axes
    ///   equal the requested trailing ones or are 1).
    public init(_ base: Base, to batchShape: [Int]) throws {
        let trailing = Array(batchShape.suffix(base.batchShape.count))
        guard batchShape.count >= base.batchShape.count, zip(base.batchShape, trailing).allSatisfy({ $0 == $1 || $0 == 1 }) else {
            throw DistributionError.parameterShapeMismatch(of: Self.self, ["base batch": base.batchShape, "requested": batchShape])
        }
        self.base = base
        self.batchShape = batchShape
    }

    var addedAxes: [Int] { Array(batchShape.prefix(batchShape.count - base.batchShape.count)) }

    /// The base's batch axes (counted within its batch shape) that are
    /// widened from 1, with their new sizes.
    var widenedAxes: [(axis: Int, size: Int)] {
        let trailing = Array(batchShape.suffix(base.batchShape.count))
        return base.batchShape.indices.compactMap { j in base.batchShape[j] == 1 && trailing[j] != 1 ? (j, trailing[j]) : nil }
    }

    /// Independent draws over the widened axes: the base drawn with their
    /// sizes as extra leading sample axes, which are then moved into the
    /// places of the size-1 axes they widen.
    func spread(_ draw: (_ sampleShape: [Int]) throws -> Tensor<Scalar>, _ sampleShape: [Int]) throws -> Tensor<Scalar> {
        let widened = widenedAxes
        guard !widened.isEmpty else { return try draw(sampleShape + addedAxes) }
        let drawn = try draw(widened.map(\.size) + sampleShape + addedAxes)
        let (w, lead) = (widened.count, sampleShape.count + addedAxes.count)
        let batch = base.batchShape.count
        var order = Array(w..<(w + lead))
        var sizeOneAxes: [Int] = []
        for j in 0..<batch {
            if let index = widened.firstIndex(where: { $0.axis == j }) {
                order.append(index)
                sizeOneAxes.append(w + lead + j)
            } else {
                order.append(w + lead + j)
            }
        }
        order += Array((w + lead + batch)..<drawn.rank) + sizeOneAxes
        return try drawn.permuted(order).reshaped(to: sampleShape + batchShape + eventShape)
    }

    /// The base's event shape.
    public var eventShape: [Int] { base.eventShape }
    /// The base's support.
    public var support: Constraint<Scalar> { base.support }

    /// The base's log-density, broadcast to the expanded batch shape.
    /// - Throws: ``DistributionError/valueShapeMismatch(distribution:valueShape:expected:)``
    ///   when `value` does not broadcast with `batchShape + eventShape`.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let shape = broadcastShape(value.shape, batchShape + eventShape) else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: value.shape, expected: batchShape + eventShape)
        }
        return try base.logProb(of: value).expanded(to: Array(shape.dropLast(eventShape.count)))
    }

    /// Independent base draws for every expanded batch element.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try spread({ try base.sample($0, using: &generator) }, sampleShape)
    }
}

extension Expanded: ReparameterizedDistribution where Base: ReparameterizedDistribution {
    /// Independent reparameterised base draws for every expanded batch element.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try spread({ try base.rsample($0, using: &generator) }, sampleShape)
    }
}

extension Distribution {
    /// Independent copies of this distribution over new leading batch axes.
    public func expanded(to batchShape: [Int]) throws -> Expanded<Self> {
        try Expanded(self, to: batchShape)
    }
}

/// KL with an ``Expanded`` distribution on either side: its copies are
/// identical, so the KL is the bases' KL, broadcast to the expanded batch
/// shape. (A VAE's prior N(0, I), widened over the data plate, meets the
/// encoder's per-datum Gaussians this way.)
enum ExpandedKL<S: TensorScalar> {
    static func kl(_ p: any Distribution<S>, _ q: any Distribution<S>) throws -> Tensor<S>? {
        let (pExpanded, qExpanded) = (p as? any ExpandsBatch<S>, q as? any ExpandsBatch<S>)
        guard pExpanded != nil || qExpanded != nil else { return nil }
        let base = try klDivergence(pExpanded?.unexpanded ?? p, qExpanded?.unexpanded ?? q)
        guard let shape = broadcastShape(p.batchShape, q.batchShape), let target = broadcastShape(base.shape, shape) else {
            throw DistributionError.klShapeMismatch(p, q, ["p": p.batchShape, "q": q.batchShape])
        }
        return try base.expanded(to: target)
    }
}

/// What KL needs to see through an ``Expanded`` without knowing its base type.
protocol ExpandsBatch<Scalar>: Distribution {
    var unexpanded: any Distribution<Scalar> { get }
}

extension Expanded: ExpandsBatch {
    var unexpanded: any Distribution<Scalar> { base }
}
