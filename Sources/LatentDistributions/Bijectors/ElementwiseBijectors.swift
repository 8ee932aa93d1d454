import LatentCore

/// y = x.
public struct IdentityBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the identity bijector.
    public init() {}
    /// 0: the map is elementwise.
    public var eventRank: Int { 0 }
    /// The real line.
    public var codomain: Constraint<Scalar> { .real }
    /// x unchanged.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { x }
    /// y unchanged.
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { y }
    /// Zeros of the shape of x.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try .zeros(x.shape) }
}

/// y = eˣ onto the positive reals; log |J| = x.
public struct ExpBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the bijector x ↦ eˣ.
    public init() {}
    /// 0: the map is elementwise.
    public var eventRank: Int { 0 }
    /// The positive reals.
    public var codomain: Constraint<Scalar> { .positive }
    /// eˣ.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { exp(x) }
    /// log y.
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { log(y) }
    /// log |J| = x.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> { x }
}

/// y = softplus(x) = log(1 + eˣ) onto the positive reals, gentler than exp
/// for large x; log |J| = log σ(x).
public struct SoftplusBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the bijector x ↦ softplus(x).
    public init() {}
    /// 0: the map is elementwise.
    public var eventRank: Int { 0 }
    /// The positive reals.
    public var codomain: Constraint<Scalar> { .positive }
    /// softplus(x) = log(1 + eˣ).
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { softplus(x) }
    /// x = y + log(−expm1(−y)) = log(eʸ − 1), without overflow for large y.
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try y + log(-expm1(-y)) }
    /// log |J| = log σ(x).
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> { logSigmoid(x) }
}

/// y = σ(x) onto (0, 1); log |J| = log σ(x) + log σ(−x).
public struct SigmoidBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the bijector x ↦ σ(x).
    public init() {}
    /// 0: the map is elementwise.
    public var eventRank: Int { 0 }
    /// The unit interval (0, 1).
    public var codomain: Constraint<Scalar> { .unitInterval }
    /// The logistic sigmoid σ(x) = 1/(1 + e⁻ˣ).
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { sigmoid(x) }
    /// The logit log y − log(1 − y).
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try log(y) - log1p(-y) }
    /// log |J| = log σ(x) + log σ(−x).
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try logSigmoid(x) + logSigmoid(-x)
    }
}

/// y = loc + scale·x (scale ≠ 0); log |J| = log |scale|.
public struct AffineBijector<Scalar: TensorScalar>: Bijector {
    /// The shift added after scaling.
    public let loc: Tensor<Scalar>
    /// The nonzero factor x is multiplied by.
    public let scale: Tensor<Scalar>

    /// Creates the bijector x ↦ loc + scale·x.
    ///
    /// - Throws: ``DistributionError`` for a zero or NaN scale, or NaN loc.
    public init(loc: Tensor<Scalar>, scale: Tensor<Scalar>) throws {
        try checkParameters(["loc": (loc, .real), "|scale|": (abs(scale), .positive)], of: Self.self)
        self.loc = loc
        self.scale = scale
    }

    /// 0: the map is elementwise.
    public var eventRank: Int { 0 }
    /// The real line.
    public var codomain: Constraint<Scalar> { .real }
    /// loc + scale·x.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { try loc + scale * x }
    /// (y − loc)/scale.
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try (y - loc) / scale }
    /// log |scale|, broadcast to the shape of x and `scale`.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try log(abs(scale)).expanded(to: broadcastShape(x.shape, scale.shape) ?? x.shape)
    }
}

/// y = lower + (upper − lower)·σ(x) onto (lower, upper);
/// log |J| = log(upper − lower) + log σ(x) + log σ(−x).
public struct IntervalBijector<Scalar: TensorScalar>: Bijector {
    /// The lower end of the interval.
    public let lower: Tensor<Scalar>
    /// The upper end of the interval.
    public let upper: Tensor<Scalar>

    /// Creates the bijector x ↦ lower + (upper − lower)·σ(x).
    ///
    /// - Throws: ``DistributionError`` unless lower < upper.
    public init(lower: Tensor<Scalar>, upper: Tensor<Scalar>) throws {
        try checkParameters(["upper": (upper, .greaterThan(lower))], of: Self.self)
        self.lower = lower
        self.upper = upper
    }

    /// 0: the map is elementwise.
    public var eventRank: Int { 0 }
    /// The open interval (lower, upper).
    public var codomain: Constraint<Scalar> { .interval(lower: lower, upper: upper) }
    /// lower + (upper − lower)·σ(x).
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { try lower + (upper - lower) * sigmoid(x) }
    /// The logit of (y − lower)/(upper − lower).
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let unit = try (y - lower) / (upper - lower)
        return try log(unit) - log1p(-unit)
    }
    /// log |J| = log(upper − lower) + log σ(x) + log σ(−x).
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try log(upper - lower) + logSigmoid(x) + logSigmoid(-x)
    }
}

/// y = lower + eˣ onto (lower, ∞); log |J| = x.
public struct LowerBoundBijector<Scalar: TensorScalar>: Bijector {
    /// The lower bound of the codomain.
    public let lower: Tensor<Scalar>
    /// Creates the bijector x ↦ lower + eˣ.
    public init(lower: Tensor<Scalar>) { self.lower = lower }
    /// 0: the map is elementwise.
    public var eventRank: Int { 0 }
    /// The values greater than `lower`.
    public var codomain: Constraint<Scalar> { .greaterThan(lower) }
    /// lower + eˣ.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> { try lower + exp(x) }
    /// log(y − lower).
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> { try log(y - lower) }
    /// log |J| = x, broadcast to the shape of x and `lower`.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try x.expanded(to: broadcastShape(x.shape, lower.shape) ?? x.shape)
    }
}
