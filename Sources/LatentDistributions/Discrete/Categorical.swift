import LatentCore

/// The categorical distribution over {0, …, K − 1}, with probabilities along
/// the last axis of its parameter (the batch shape is the rest). Values are
/// category indices.
public struct Categorical<Scalar: TensorScalar>: DistributionWithEntropy {
    /// log P(k), normalised, of shape `batchShape + [K]`.
    public let logProbabilities: Tensor<Scalar>

    /// Probabilities along the last axis, normalised by their sum.
    /// - Throws: ``DistributionError`` for a negative or infinite entry, a row summing
    ///   to 0, NaN, or a rank-0 parameter.
    public init(probs: Tensor<Scalar>, validating: Bool = true) throws {
        logProbabilities = try Self.logProbabilities(of: probs, for: Self.self, validating: validating)
    }

    /// Unnormalised log-probabilities along the last axis (−∞ allowed).
    /// - Throws: ``DistributionError`` for NaN or +∞, or a rank-0 parameter.
    public init(logits: Tensor<Scalar>, validating: Bool = true) throws {
        try requireCategories(logits, of: Self.self, parameter: "logits")
        try checkParameters(["logits": (logits, .belowInfinity)], of: Self.self, validating: validating)
        logProbabilities = try Self.logProbabilities(ofLogits: logits)
    }

    /// The same from plain numbers: one distribution over `probs.count`
    /// categories, of batch shape [] (`Categorical(probs: [0.2, 0.5, 0.3])`).
    public init(probs: [Scalar], validating: Bool = true) throws {
        try self.init(probs: Tensor(probs), validating: validating)
    }

    /// The same from plain numbers: one distribution, of batch shape [].
    public init(logits: [Scalar], validating: Bool = true) throws {
        try self.init(logits: Tensor(logits), validating: validating)
    }

    /// The number of categories K.
    public var categoryCount: Int { logProbabilities.shape.last ?? 0 }
    /// P(k), normalised, of shape `batchShape + [K]`.
    public var probs: Tensor<Scalar> { exp(logProbabilities) }
    /// The shape of the parameter without its last (category) axis.
    public var batchShape: [Int] { Array(logProbabilities.shape.dropLast()) }
    /// []: each draw is a scalar category index.
    public var eventShape: [Int] { [] }
    /// The integers 0, 1, …, K − 1.
    public var support: Constraint<Scalar> { .integerInterval(lower: Tensor(0), upper: Tensor(Scalar(categoryCount - 1))) }

    /// H = −Σₖ P(k) log P(k).
    public func entropy() throws -> Tensor<Scalar> {
        try -Univariate.countTimesLog(probs, logProbabilities).sum(alongAxes: [-1])
    }

    /// log P(k) for category indices k, −∞ for values that are not an index
    /// in 0…K − 1.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let mask = try support.mask(value).expanded(to: shape)
        let valid = mask.scalars
        let indices = try value.detached.expanded(to: shape).scalars.enumerated().map { i, k in
            valid[i] == 1 ? Int(k) : 0
        }
        let picked = try logProbabilities.expanded(to: shape + [categoryCount])
            .gathering(indices, alongAxis: -1).reshaped(to: shape)
        return try select(where: mask, picked, Tensor(-.infinity))
    }

    /// Inversion of each row's cumulative probabilities, against an open
    /// uniform u ∈ (0, 1) scaled by the row's total as summed here: each
    /// category gets its share of (0, 1) to within the uniform's 2⁻⁵³
    /// spacing, whatever the rounding of the probabilities (a category of
    /// probability 10⁻³⁰⁰ listed first is not drawn on u = 0), and none is
    /// left over for the last one.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let k = categoryCount
        let p = probs.detached.scalars.map(Double.init)
        let totals = stride(from: 0, to: p.count, by: k).map { start in p[start..<(start + k)].reduce(0, +) }
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { row, g in
            let u = Double.randomOpenUniform(using: &g) * totals[row]
            var cumulative = 0.0
            for category in 0..<k {
                cumulative += p[row * k + category]
                if u < cumulative { return Scalar(category) }
            }
            // u·total rounded up to the total: the last possible category.
            return Scalar((0..<k).last { p[row * k + $0] > 0 } ?? k - 1)
        }
    }
}

extension Categorical {
    /// KL(p‖q) = Σₖ pₖ(log pₖ − log qₖ); categories with pₖ = 0 add nothing,
    /// and +∞ where qₖ = 0 < pₖ.
    /// - Throws: ``DistributionError/parameterShapeMismatch(distribution:shapes:)``
    ///   when the numbers of categories differ.
    static func kl(_ p: Categorical, _ q: Categorical) throws -> Tensor<Scalar> {
        guard p.categoryCount == q.categoryCount else {
            throw DistributionError.klShapeMismatch(p, q, ["p": p.logProbabilities.shape, "q": q.logProbabilities.shape])
        }
        return try Univariate.countTimesLog(p.probs, p.logProbabilities - q.logProbabilities).sum(alongAxes: [-1])
    }
}
