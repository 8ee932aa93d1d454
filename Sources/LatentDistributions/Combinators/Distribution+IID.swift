import LatentCore

extension Distribution {
    /// Independent copies of this distribution over `shape`, read as one
    /// event: the short form of a vector prior. `Normal(loc: 0, scale: 10).iid([k])`
    /// is k iid N(0, 10²) scalars as one k-vector, with
    /// log p(x) = Σᵢ log p(xᵢ) (an ``Independent`` over an ``Expanded``).
    ///
    /// The event shape is `shape + eventShape` and the batch shape is [].
    /// A distribution with a batch shape is copied too where that shape
    /// broadcasts to the trailing axes of `shape` (a size-1 or equal axis);
    /// its batch elements then become event elements, independent but not
    /// identical.
    /// - Throws: ``DistributionError/invalidParameter(distribution:parameter:requirement:value:)``
    ///   for a negative size in `shape`;
    ///   ``DistributionError/parameterShapeMismatch(distribution:shapes:)``
    ///   when the batch shape does not broadcast to `shape`.
    public func iid(_ shape: [Int]) throws -> Independent<Expanded<Self>> {
        if let negative = shape.first(where: { $0 < 0 }) {
            throw DistributionError.invalidParameter(
                of: Independent<Expanded<Self>>.self, parameter: "shape", requirement: "non-negative in every axis", value: Double(negative))
        }
        return try expanded(to: shape).independent(reinterpretingBatchRank: shape.count)
    }
}
