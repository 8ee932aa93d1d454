import LatentCore

/// y = x.
public struct IdentityBijector<Scalar: TensorScalar>: Bijector {
    public init() {}
    public var eventRank: Int { 0 }
    public var codomain: Constraint<Scalar> { .real }
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { x }
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { y }
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try .zeros(x.shape) }
}

/// y = eˣ onto the positive reals; log |J| = x.
public struct ExpBijector<Scalar: TensorScalar>: Bijector {
    public init() {}
    public var eventRank: Int { 0 }
    public var codomain: Constraint<Scalar> { .positive }
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { exp(x) }
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { log(y) }
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> { x }
}

/// y = softplus(x) = log(1 + eˣ) onto the positive reals, gentler than exp
/// for large x; log |J| = log σ(x).
public struct SoftplusBijector<Scalar: TensorScalar>: Bijector {
    public init() {}
    public var eventRank: Int { 0 }
    public var codomain: Constraint<Scalar> { .positive }
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { softplus(x) }
    /// x = y + log(−expm1(−y)) = log(eʸ − 1), without overflow for large y.
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try y + log(-expm1(-y)) }
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> { logSigmoid(x) }
}

/// y = σ(x) onto (0, 1); log |J| = log σ(x) + log σ(−x).
public struct SigmoidBijector<Scalar: TensorScalar>: Bijector {
    public init() {}
    public var eventRank: Int { 0 }
    public var codomain: Constraint<Scalar> { .unitInterval }
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { sigmoid(x) }
    /// The logit log y − log(1 − y).
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try log(y) - log1p(-y) }
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try logSigmoid(x) + logSigmoid(-x)
    }
}

/// y = loc + scale·x (scale ≠ 0); log |J| = log |scale|.
public struct AffineBijector<Scalar: TensorScalar>: Bijector {
    public let loc: Tensor<Scalar>
    public let scale: Tensor<Scalar>

    /// - Throws: ``DistributionError`` for a zero or NaN scale, or NaN loc.
    public init(loc: Tensor<Scalar>, scale: Tensor<Scalar>) throws {
        try checkParameters(["loc": (loc, .real), "|scale|": (abs(scale), .positive)], of: Self.self)
        self.loc = loc
        self.scale = scale
    }

    public var eventRank: Int { 0 }
    public var codomain: Constraint<Scalar> { .real }
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { try loc + scale * x }
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try (y - loc) / scale }
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try log(abs(scale)).expanded(to: broadcastShape(x.shape, scale.shape) ?? x.shape)
    }
}

/// y = lower + (upper − lower)·σ(x) onto (lower, upper);
/// log |J| = log(upper − lower) + log σ(x) + log σ(−x).
public struct IntervalBijector<Scalar: TensorScalar>: Bijector {
    public let lower: Tensor<Scalar>
    public let upper: Tensor<Scalar>

    /// - Throws: ``DistributionError`` unless lower < upper.
    public init(lower: Tensor<Scalar>, upper: Tensor<Scalar>) throws {
        try checkParameters(["upper": (upper, .greaterThan(lower))], of: Self.self)
        self.lower = lower
        self.upper = upper
    }

    public var eventRank: Int { 0 }
    public var codomain: Constraint<Scalar> { .interval(lower: lower, upper: upper) }
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { try lower + (upper - lower) * sigmoid(x) }
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let unit = try (y - lower) / (upper - lower)
        return try log(unit) - log1p(-unit)
    }
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try log(upper - lower) + logSigmoid(x) + logSigmoid(-x)
    }
}

/// y = lower + eˣ onto (lower, ∞); log |J| = x.
public struct LowerBoundBijector<Scalar: TensorScalar>: Bijector {
    public let lower: Tensor<Scalar>
    public init(lower: Tensor<Scalar>) { self.lower = lower }
    public var eventRank: Int { 0 }
    public var codomain: Constraint<Scalar> { .greaterThan(lower) }
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { try lower + exp(x) }
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try log(y - lower) }
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try x.expanded(to: broadcastShape(x.shape, lower.shape) ?? x.shape)
    }
}
