// Choosing between values: clamping, selection by a mask, comparisons.
// Comparisons return masks of 0 and 1 in the tensor's own scalar type; masks
// are never tracked for differentiation.

extension Tensor {
    /// Each scalar limited to `lower...upper`. The gradient passes where the
    /// input lies inside the closed interval and is 0 outside it.
    /// - Throws: ``TensorError/invalidArgument(operation:reason:)`` when
    ///   `lower > upper` or either bound is NaN.
    @inlinable
    public func clamped(to lower: Scalar, _ upper: Scalar) throws -> Tensor {
        guard lower <= upper else {
            throw TensorError.invalidArgument(operation: "clamped(to:_:)", reason: "lower bound \(lower) exceeds upper bound \(upper)")
        }
        return Scalar.clamp(self, to: lower, upper)
            .recorded(.clamp(x: detached, lower: lower, upper: upper), inputs: self)
    }

    /// 1 where `self > other`, else 0 (broadcasting).
    @inlinable
    public func mask(greaterThan other: Tensor) throws -> Tensor {
        try compare(other, "mask(greaterThan:)", .isGreater)
    }

    /// 1 where `self < other`, else 0 (broadcasting).
    @inlinable
    public func mask(lessThan other: Tensor) throws -> Tensor {
        try compare(other, "mask(lessThan:)", .isLess)
    }

    /// 1 where `self == other`, else 0 (broadcasting).
    @inlinable
    public func mask(equalTo other: Tensor) throws -> Tensor {
        try compare(other, "mask(equalTo:)", .isEqual)
    }

    /// 1 where the scalar is finite, else 0.
    @inlinable
    public var isFiniteMask: Tensor {
        Scalar.apply(.finiteIndicator, to: detached).capturedUntracked(.finiteIndicator, inputs: [self])
    }

    /// Whether every scalar is finite (no NaN, no ±∞).
    @inlinable
    public var isFinite: Bool {
        noteRead("isFinite")
        return Scalar.allFinite(self)
    }

    @inlinable
    func compare(_ other: Tensor, _ name: String, _ test: ElementwiseOperation) throws -> Tensor {
        let shape = try Shape.broadcast(self.shape, other.shape, operation: name)
        return Scalar.combine(detached, test, other.detached, shape: shape)
            .capturedUntracked(.compare(test), inputs: [self, other])
    }
}

/// `a` where `condition` is non-zero, `b` elsewhere; all three broadcast
/// together. Gradients reach only the chosen side, so an infinite or NaN
/// value in the branch not taken does not poison them (the rule masks the
/// gradient, it does not multiply by zero).
/// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)``.
@inlinable
public func select<S>(where condition: Tensor<S>, _ a: Tensor<S>, _ b: Tensor<S>) throws -> Tensor<S> {
    let valueShape = try Shape.broadcast(a.shape, b.shape, operation: "select")
    let shape = try Shape.broadcast(condition.shape, valueShape, operation: "select")
    let mask = S.broadcast(condition.detached, to: shape)
    let wideA = S.broadcast(a.detached, to: shape)
    let wideB = S.broadcast(b.detached, to: shape)
    let result = S.choose(where: mask, wideA, wideB)
    let operation = Operation.select(condition: mask, aShape: a.shape, bShape: b.shape)
    if a.slot | b.slot | condition.slot != 0 { return result.capturing(operation, inputs: [a, b], extras: [condition]) }
    return result.recorded(operation, inputs: a, b)
}
