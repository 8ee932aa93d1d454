import LatentCore

/// A set of values: the support of a distribution, or what a parameter must
/// satisfy. Scalar constraints apply elementwise; `simplex` and `ordered`
/// apply to the last axis, the matrix constraints to the last two. NaN
/// satisfies no constraint.
public enum Constraint<Scalar: TensorScalar>: Sendable {
    /// Any real number, ±∞ included (not NaN).
    case real
    /// Any finite number (not ±∞, not NaN).
    case finite
    /// x > 0.
    case positive
    /// x ≥ 0.
    case nonNegative
    /// 0 ≤ x ≤ 1.
    case unitInterval
    /// lower ≤ x ≤ upper, the bounds broadcasting against x.
    case interval(lower: Tensor<Scalar>, upper: Tensor<Scalar>)
    /// x > lower, the bound broadcasting against x.
    case greaterThan(Tensor<Scalar>)
    /// x ≥ lower, the bound broadcasting against x.
    case greaterThanOrEqual(Tensor<Scalar>)
    /// Integers in lower…upper, the bounds broadcasting against x.
    case integerInterval(lower: Tensor<Scalar>, upper: Tensor<Scalar>)
    /// Integers 0, 1, 2, …
    case nonNegativeInteger

    /// 0 or 1.
    public static var boolean: Constraint { .integerInterval(lower: Tensor(0), upper: Tensor(1)) }
    /// 0 < x < 1: the closed interval from the least positive number to the
    /// largest one below 1.
    static var openUnitInterval: Constraint {
        .interval(lower: Tensor(.leastNonzeroMagnitude), upper: Tensor(1 - .ulpOfOne / 2))
    }
    /// x < +∞, −∞ included (not NaN): logits that may rule an outcome out
    /// but not make it certain.
    static var belowInfinity: Constraint {
        .interval(lower: Tensor(-.infinity), upper: Tensor(.greatestFiniteMagnitude))
    }
    /// Vectors of non-negative entries summing to 1.
    case simplex
    /// Strictly increasing vectors.
    case ordered
    /// Strictly increasing vectors of positive entries.
    case positiveOrdered
    /// Vectors with one entry 1 and the rest 0.
    case oneHot
    /// Lower-triangular matrices with a positive diagonal.
    case lowerCholesky
    /// Lower-triangular matrices with a positive diagonal and rows of unit
    /// Euclidean norm: Cholesky factors of correlation matrices.
    case correlationCholesky
    /// Symmetric positive-definite matrices.
    case positiveDefinite

    /// How many trailing axes one element of the set spans.
    public var eventRank: Int {
        switch self {
        case .simplex, .ordered, .positiveOrdered, .oneHot: 1
        case .lowerCholesky, .correlationCholesky, .positiveDefinite: 2
        default: 0
        }
    }

    /// Whether every element of `x` lies in the set.
    // Kept for the `svi` benchmark (logistic regression checks its 10,000 labels per step, one at a time).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func contains(_ x: Tensor<Scalar>) throws -> Bool {
        // One vectorised pass and no mask: this check runs on every observation.
        if let test = elementTest(against: x) { return x.withUnsafeScalars { test.allContained($0) } }
        return try mask(x).scalars.allSatisfy { $0 == 1 }
    }

    /// Whether every element of `x` is finite and lies in the set: one
    /// vectorised pass where the test can ask both at once (the check of
    /// every value a density is evaluated at), two otherwise.
    func containsFinite(_ x: Tensor<Scalar>) throws -> Bool {
        if let test = elementTest(against: x)?.finite { return x.withUnsafeScalars { test.allContained($0) } }
        return try x.isFinite && contains(x)
    }

    /// 1 where an element of `x` (a scalar, or an event of `eventRank` axes)
    /// lies in the set, 0 elsewhere; the shape of `x` without the event axes.
    /// - Throws: `TensorError` when bounds do not broadcast with `x`, or
    ///   `x` has fewer axes than the event.
    public func mask(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if let test = elementTest(against: x) { return elementwise(x) { test.contains($0) } }
        switch self {
        case let .interval(lower, upper):
            return try bounded(x, by: lower, upper) { x, l, u in x >= l && x <= u }
        case let .greaterThan(lower):
            return try bounded(x, by: lower, lower) { x, l, _ in x > l }
        case let .greaterThanOrEqual(lower):
            return try bounded(x, by: lower, lower) { x, l, _ in x >= l }
        case let .integerInterval(lower, upper):
            return try bounded(x, by: lower, upper) { x, l, u in x >= l && x <= u && ElementTest<Scalar>.isInteger(x) }
        case .simplex, .ordered, .positiveOrdered, .oneHot, .lowerCholesky, .correlationCholesky, .positiveDefinite:
            return try eventwise(x)
        case .real, .finite, .positive, .nonNegative, .unitInterval, .nonNegativeInteger:
            preconditionFailure("scalar constraints have a scalar test")
        }
    }

    /// What the constraint demands, for error messages. A bound that is a
    /// single number is stated; a bound per element is not.
    public var requirement: String {
        func stated(_ bound: Tensor<Scalar>) -> String? { bound.count == 1 ? "\(bound.scalars[0])" : nil }
        switch self {
        case .real: return "a real number (not NaN)"
        case .finite: return "finite"
        case .positive: return "positive"
        case .nonNegative: return "non-negative"
        case .unitInterval: return "in [0, 1]"
        case let .interval(lower, upper):
            guard let lower = stated(lower), let upper = stated(upper) else { return "within its interval" }
            return "in [\(lower), \(upper)]"
        case let .greaterThan(lower): return stated(lower).map { "greater than \($0)" } ?? "greater than its lower bound"
        case let .greaterThanOrEqual(lower): return stated(lower).map { "at least \($0)" } ?? "at least its lower bound"
        case let .integerInterval(lower, upper):
            guard let lower = stated(lower), let upper = stated(upper) else { return "an integer within its bounds" }
            return "an integer in [\(lower), \(upper)]"
        case .nonNegativeInteger: return "a non-negative integer"
        case .simplex: return "a probability vector (non-negative, summing to 1)"
        case .ordered: return "strictly increasing"
        case .positiveOrdered: return "positive and strictly increasing"
        case .oneHot: return "a one-hot vector"
        case .lowerCholesky: return "lower triangular with a positive diagonal"
        case .correlationCholesky: return "a correlation Cholesky factor (unit-norm rows)"
        case .positiveDefinite: return "symmetric positive definite"
        }
    }

    private func elementwise(_ x: Tensor<Scalar>, _ test: @escaping (Scalar) -> Bool) -> Tensor<Scalar> {
        // A kernel, so that a compiled step tests each replay's values; one
        // input, so the shapes cannot mismatch and nothing can throw.
        try! elementwiseKernel([x], outputs: 1) { inputs, outputs, count in
            for i in 0..<count { outputs[0][i] = test(inputs[0][i]) ? 1 : 0 }
        }[0]
    }

    private func bounded(
        _ x: Tensor<Scalar>, by lower: Tensor<Scalar>, _ upper: Tensor<Scalar>,
        _ test: (Scalar, Scalar, Scalar) -> Bool
    ) throws -> Tensor<Scalar> {
        let shape = try (lower + upper + x).shape
        let (xs, ls, us) = try (x.expanded(to: shape).scalars, lower.expanded(to: shape).scalars, upper.expanded(to: shape).scalars)
        let values = xs.indices.map { test(xs[$0], ls[$0], us[$0]) ? Scalar(1) : 0 }
        return try Tensor(shape: shape, scalars: values)
    }
}
