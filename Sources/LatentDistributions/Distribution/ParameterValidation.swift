import LatentCore

/// Checks shared by the families' initialisers.
enum ParameterValidation {
    /// Throws ``DistributionError/invalidParameter(distribution:parameter:requirement:value:)``
    /// naming the first scalar of `value` outside `constraint`.
    // Kept for the `svi` benchmark (logistic regression validates 10,000 logits per step, one at a time).
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    static func require<S>(
        _ value: Tensor<S>, _ constraint: Constraint<S>, distribution: String, parameter: String
    ) throws {
        let mask = try constraint.mask(value)
        guard let bad = mask.scalars.firstIndex(where: { $0 != 1 }) else { return }
        let eventSize = Swift.max(value.count / Swift.max(mask.count, 1), 1)
        throw DistributionError.invalidParameter(
            distribution: distribution, parameter: parameter, requirement: constraint.requirement,
            value: Double(value.scalars[bad * eventSize]))
    }

    /// Throws unless every scalar of `value` is finite.
    static func requireFinite<S>(_ value: Tensor<S>, distribution: String, parameter: String) throws {
        guard let bad = value.scalars.first(where: { !$0.isFinite }) else { return }
        throw DistributionError.invalidParameter(
            distribution: distribution, parameter: parameter, requirement: "finite", value: Double(bad))
    }

    /// The broadcast of the parameters' shapes, or an error naming them all.
    static func batchShape<S>(_ parameters: KeyValuePairs<String, Tensor<S>>, distribution: String) throws -> [Int] {
        var shape: [Int] = []
        for (_, tensor) in parameters {
            guard let joined = broadcastShape(shape, tensor.shape) else {
                throw DistributionError.parameterShapeMismatch(
                    distribution: distribution,
                    shapes: Dictionary(parameters.map { ($0.key, $0.value.shape) }, uniquingKeysWith: { a, _ in a }))
            }
            shape = joined
        }
        return shape
    }
}
