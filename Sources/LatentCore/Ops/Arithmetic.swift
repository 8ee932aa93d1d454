import RealModule

/// Elementwise arithmetic with NumPy broadcasting.
///
/// Operators between two tensors throw ``TensorError/shapeMismatch(operation:lhs:rhs:)``
/// when the shapes do not broadcast; one `try` covers a whole expression
/// (`try a * b + c`). Operators with a plain scalar cannot fail.
extension Tensor {
    /// The elementwise sum, the shapes broadcast NumPy-style.
    /// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)`` when the shapes do not broadcast.
    @inlinable
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(lhs.shape, rhs.shape, operation: "+")
        return Scalar.combine(lhs, .add, rhs, shape: shape)
            .recorded(.add(lhsShape: lhs.shape, rhsShape: rhs.shape), inputs: lhs, rhs)
    }

    /// The elementwise difference, the shapes broadcast NumPy-style.
    /// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)`` when the shapes do not broadcast.
    @inlinable
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(lhs.shape, rhs.shape, operation: "-")
        return Scalar.combine(lhs, .subtract, rhs, shape: shape)
            .recorded(.subtract(lhsShape: lhs.shape, rhsShape: rhs.shape), inputs: lhs, rhs)
    }

    /// The elementwise product, the shapes broadcast NumPy-style.
    /// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)`` when the shapes do not broadcast.
    @inlinable
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(lhs.shape, rhs.shape, operation: "*")
        return Scalar.combine(lhs, .multiply, rhs, shape: shape)
            .recorded(.multiply(lhs: lhs.detached, rhs: rhs.detached), inputs: lhs, rhs)
    }

    /// The elementwise quotient, the shapes broadcast NumPy-style.
    /// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)`` when the shapes do not broadcast.
    @inlinable
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(lhs.shape, rhs.shape, operation: "/")
        let result = Scalar.combine(lhs, .divide, rhs, shape: shape)
        return result.recorded(.divide(rhs: rhs.detached, result: result, lhsShape: lhs.shape), inputs: lhs, rhs)
    }

    /// The elementwise negation.
    @inlinable
    public static prefix func - (x: Tensor) -> Tensor {
        Scalar.apply(.negate, to: x).recorded(.negate, inputs: x)
    }

    /// `rhs` added to every scalar of `lhs`.
    @inlinable
    public static func + (lhs: Tensor, rhs: Scalar) -> Tensor {
        Scalar.combine(lhs, .add, rhs).recorded(.shift(by: rhs), inputs: lhs)
    }

    /// `lhs` added to every scalar of `rhs`.
    @inlinable
    public static func + (lhs: Scalar, rhs: Tensor) -> Tensor { rhs + lhs }

    /// `rhs` subtracted from every scalar of `lhs`.
    @inlinable
    public static func - (lhs: Tensor, rhs: Scalar) -> Tensor { lhs + (-rhs) }

    /// `lhs` minus each scalar of `rhs`.
    @inlinable
    public static func - (lhs: Scalar, rhs: Tensor) -> Tensor { (-rhs) + lhs }

    /// Every scalar of `lhs` times `rhs`.
    @inlinable
    public static func * (lhs: Tensor, rhs: Scalar) -> Tensor {
        Scalar.combine(lhs, .multiply, rhs).recorded(.scale(factor: rhs), inputs: lhs)
    }

    /// `lhs` times every scalar of `rhs`.
    @inlinable
    public static func * (lhs: Scalar, rhs: Tensor) -> Tensor { rhs * lhs }

    /// Every scalar of `lhs` divided by `rhs` (as a product with 1/`rhs`).
    @inlinable
    public static func / (lhs: Tensor, rhs: Scalar) -> Tensor { lhs * (1 / rhs) }

    /// `lhs` divided by each scalar of `rhs`.
    @inlinable
    public static func / (lhs: Scalar, rhs: Tensor) -> Tensor {
        let numerator = Tensor(lhs)
        let result = Scalar.combine(lhs, .divide, rhs)
        return result.recorded(.divide(rhs: rhs.detached, result: result, lhsShape: []), inputs: numerator, rhs)
    }
}

/// xʸ elementwise, with broadcasting. The gradient with respect to `y` is
/// xʸ·log x, taken as 0 where xʸ = 0.
/// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)``.
@inlinable
public func pow<S>(_ x: Tensor<S>, _ y: Tensor<S>) throws -> Tensor<S> {
    let shape = try Shape.broadcast(x.shape, y.shape, operation: "pow")
    let result = S.combine(x, .pow, y, shape: shape)
    return result.recorded(.pow(base: x.detached, exponent: y.detached, result: result), inputs: x, y)
}

/// xᵖ elementwise for a constant power `p`.
@inlinable
public func pow<S>(_ x: Tensor<S>, _ p: S) -> Tensor<S> {
    let exponent = Tensor(p)
    let result = S.combine(x, .pow, p)
    return result.recorded(.pow(base: x.detached, exponent: exponent, result: result), inputs: x)
}

/// The elementwise smaller of two tensors, NaN where either is NaN (ties
/// share the gradient equally).
@inlinable
public func min<S>(_ a: Tensor<S>, _ b: Tensor<S>) throws -> Tensor<S> {
    let shape = try Shape.broadcast(a.shape, b.shape, operation: "min")
    return S.combine(a, .minimum, b, shape: shape)
        .recorded(.minimum(lhs: a.detached, rhs: b.detached), inputs: a, b)
}

/// The elementwise larger of two tensors, NaN where either is NaN (ties
/// share the gradient equally).
@inlinable
public func max<S>(_ a: Tensor<S>, _ b: Tensor<S>) throws -> Tensor<S> {
    let shape = try Shape.broadcast(a.shape, b.shape, operation: "max")
    return S.combine(a, .maximum, b, shape: shape)
        .recorded(.maximum(lhs: a.detached, rhs: b.detached), inputs: a, b)
}
