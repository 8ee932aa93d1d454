import LatentCore

/// A family's parameter table: each parameter's name, its value and the
/// constraint the value must satisfy, in the order the initialiser takes
/// them (NumPyro's `arg_constraints`, Distributions.jl's `@check_args`).
/// A parameter bound by two constraints has two rows.
///
/// Parameters are finite unless infinity is a legitimate value the family
/// computes with: logits may be ±∞ (the certain outcomes p = 0 and 1, or a
/// category ruled out), and nothing else may. Locations, scales, rates,
/// concentrations, degrees of freedom and counts refuse ±∞ with the
/// `.finite` row beside their sign constraint: their formulas give NaN at
/// ∞ (Student's t at ν = ∞ is the normal distribution, which ``Normal``
/// computes), and a sampler cannot draw from them.
typealias ParameterTable<Scalar: TensorScalar> = KeyValuePairs<String, (Tensor<Scalar>, Constraint<Scalar>)>

/// Checks the parameter table of `family` (a distribution or a bijector):
/// the parameters' shapes must broadcast together (always), and each
/// parameter must satisfy its constraint (when `validating`).
///
/// - Parameter broadcasting: false for a family whose parameters have
///   event axes that do not broadcast (a D×D Cholesky factor, or a D×r
///   covariance factor, beside a batch of D-vector means); such a family
///   checks their shapes itself.
/// - Returns: the broadcast shape of the parameters: the batch shape of a
///   family whose parameters apply elementwise.
/// - Throws: ``DistributionError/parameterShapeMismatch(distribution:shapes:)``
///   or ``DistributionError/invalidParameter(distribution:parameter:requirement:value:)``
///   naming the family, the parameter, the requirement and the first
///   offending scalar.
@discardableResult
func checkParameters<S>(
    _ table: ParameterTable<S>, of family: Any.Type, validating: Bool = true, broadcasting: Bool = true
) throws -> [Int] {
    var shape: [Int] = []
    if broadcasting {
        for (_, (value, _)) in table {
            guard let joined = broadcastShape(shape, value.shape) else {
                throw DistributionError.parameterShapeMismatch(
                    of: family, Dictionary(table.map { ($0.key, $0.value.0.shape) }, uniquingKeysWith: { a, _ in a }))
            }
            shape = joined
        }
    }
    guard validating else { return shape }
    for (parameter, (value, constraint)) in table {
        try require(value, constraint, of: family, parameter: parameter)
    }
    return shape
}

/// Throws unless `value`, the parameter named `parameter`, has a last axis
/// of at least one category (the batch shape of `family` is the rest): a
/// check of shape, made whether or not the family validates values.
func requireCategories<S>(_ value: Tensor<S>, of family: Any.Type, parameter: String) throws {
    guard value.rank >= 1, value.shape.last! > 0 else {
        throw DistributionError.invalidParameter(
            of: family, parameter: parameter, requirement: "a tensor with categories along its last axis",
            value: value.count == 1 ? Double(value.scalars[0]) : .nan)
    }
}

/// Throws an `invalidParameter` error naming the first scalar of `value`
/// (the first scalar of the first offending event, for an event
/// constraint) outside `constraint`.
// Kept for the `svi` benchmark (logistic regression validates 10,000 logits per step).
@_specialize(where S == Double)
@_specialize(where S == Float)
private func require<S>(_ value: Tensor<S>, _ constraint: Constraint<S>, of family: Any.Type, parameter: String) throws {
    // A check a compiled step repeats on every replay, not a read of the value.
    guard !value.satisfies({ (try? constraint.contains($0)) ?? false }) else { return }
    let mask = try withoutCapture { try constraint.mask(value) }
    guard let bad = mask.scalars.firstIndex(where: { $0 != 1 }) else { return }
    let eventSize = Swift.max(value.count / Swift.max(mask.count, 1), 1)
    let offending = withoutCapture { value.scalars[bad * eventSize] }
    throw DistributionError.invalidParameter(
        of: family, parameter: parameter, requirement: constraint.requirement, value: Double(offending))
}

/// The name by which messages call a type: its name without generic
/// arguments ("Normal" for `Normal<Double>`).
func familyName(_ type: Any.Type) -> String {
    let name = String(describing: type)
    return name.split(separator: "<").first.map(String.init) ?? name
}

extension DistributionError {
    /// ``invalidParameter(distribution:parameter:requirement:value:)`` for a
    /// check a table cannot state (a rank, an integer argument).
    static func invalidParameter(
        of family: Any.Type, parameter: String, requirement: String, value: Double
    ) -> DistributionError {
        .invalidParameter(distribution: familyName(family), parameter: parameter, requirement: requirement, value: value)
    }

    /// ``parameterShapeMismatch(distribution:shapes:)`` naming `family`.
    static func parameterShapeMismatch(of family: Any.Type, _ shapes: [String: [Int]]) -> DistributionError {
        .parameterShapeMismatch(distribution: familyName(family), shapes: shapes)
    }

    /// ``parameterShapeMismatch(distribution:shapes:)`` for KL(p‖q), whose
    /// batch (or event) shapes do not match.
    static func klShapeMismatch<S>(
        _ p: any Distribution<S>, _ q: any Distribution<S>, _ shapes: [String: [Int]]
    ) -> DistributionError {
        .parameterShapeMismatch(distribution: "KL(\(p.name)‖\(q.name))", shapes: shapes)
    }
}
