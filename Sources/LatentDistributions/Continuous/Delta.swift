import LatentCore

/// A point mass at `value`: log p(x) = `logDensity` where x equals the value
/// (every entry of an event), −∞ elsewhere. Draws are the value itself and
/// carry its gradient: the guide of a MAP estimate (AutoDelta).
public struct Delta<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments {
    /// The point, of shape `batchShape + eventShape`.
    public let value: Tensor<Scalar>
    /// The log-density assigned at the point (0 by default).
    public let logDensity: Tensor<Scalar>
    /// How many trailing axes of `value` form one event.
    public let eventRank: Int

    /// Creates point masses at `value`.
    ///
    /// - Parameters:
    ///   - value: the point, of shape `batchShape + eventShape`.
    ///   - logDensity: the log-density assigned at the point (0 by default).
    ///   - eventRank: how many trailing axes of `value` form one event (0 by
    ///     default: every scalar is its own point mass).
    ///   - validating: check that `value` is finite (on by default; switch off
    ///     only for speed in trusted code).
    /// - Throws: ``DistributionError`` when `value` is not finite or has fewer axes than `eventRank`.
    public init(value: Tensor<Scalar>, logDensity: Tensor<Scalar> = Tensor(0), eventRank: Int = 0, validating: Bool = true) throws {
        guard eventRank >= 0, eventRank <= value.rank else {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: "eventRank", requirement: "between 0 and the value's rank \(value.rank)",
                value: Double(eventRank))
        }
        try checkParameters(["value": (value, .finite)], of: Self.self, validating: validating)
        self.value = value
        self.logDensity = logDensity
        self.eventRank = eventRank
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(value: Scalar, logDensity: Scalar = 0, validating: Bool = true) throws {
        try self.init(value: Tensor(value), logDensity: Tensor(logDensity), validating: validating)
    }

    /// The shape of `value` without its `eventRank` trailing axes.
    public var batchShape: [Int] { Array(value.shape.dropLast(eventRank)) }
    /// The `eventRank` trailing axes of `value`.
    public var eventShape: [Int] { Array(value.shape.suffix(eventRank)) }
    /// The real line (the point mass sits on a single value of it).
    public var support: Constraint<Scalar> { .real }
    /// The point itself.
    public var mean: Tensor<Scalar> { get throws { value } }
    /// Zeros of the shape of `value`.
    public var variance: Tensor<Scalar> { get throws { try Tensor.zeros(value.shape) } }

    /// `logDensity` where every entry of an event equals the point, −∞ elsewhere.
    /// - Throws: ``DistributionError/valueShapeMismatch(distribution:valueShape:expected:)``
    ///   when `x` does not broadcast with `value`.
    public func logProb(of x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let shape = broadcastShape(x.shape, value.shape) else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: x.shape, expected: value.shape)
        }
        var matches = try x.detached.mask(equalTo: value.detached).expanded(to: shape)
        if eventRank > 0 {
            // An event matches when all its entries do: the minimum over the event.
            matches = try -(-matches).max(alongAxes: Array((shape.count - eventRank)..<shape.count))
        }
        return try select(where: matches, logDensity, Tensor(-.infinity))
    }

    /// The point repeated over the sample axes, carrying its gradient.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try value.expanded(to: drawShape(sampleShape))
    }
}
