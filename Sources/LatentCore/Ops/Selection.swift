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
        return Kernels.map(self) { Swift.min(Swift.max($0, lower), upper) }
            .recorded(.clamp(x: detached, lower: lower, upper: upper), inputs: self)
    }

    /// 1 where `self > other`, else 0 (broadcasting).
    @inlinable
    public func isGreater(than other: Tensor) throws -> Tensor {
        try compare(other, "isGreater(than:)") { $0 > $1 }
    }

    /// 1 where `self < other`, else 0 (broadcasting).
    @inlinable
    public func isLess(than other: Tensor) throws -> Tensor {
        try compare(other, "isLess(than:)") { $0 < $1 }
    }

    /// 1 where `self == other`, else 0 (broadcasting).
    @inlinable
    public func isEqual(to other: Tensor) throws -> Tensor {
        try compare(other, "isEqual(to:)") { $0 == $1 }
    }

    /// 1 where the scalar is finite, else 0.
    @inlinable
    public var isFiniteMask: Tensor {
        Kernels.map(detached) { $0.isFinite ? 1 : 0 }
    }

    /// Whether every scalar is finite (no NaN, no ±∞).
    @inlinable
    public var isFinite: Bool {
        // x·0 is 0 for a finite x and NaN for ±∞ or NaN, so the sum of those
        // products is 0 exactly when every scalar is finite: a branch-free
        // pass (it runs on every gradient of every step), a large tensor's
        // split over the cores, one total per chunk (chunks are at least
        // `minimumChunk` long, so their first indices fall in different
        // multiples of it).
        withUnsafeScalars { scalars in
            guard let base = scalars.baseAddress else { return true }
            let minimumChunk = ParallelChunks.minimumChunk
            return withUnsafeTemporaryAllocation(of: Scalar.self, capacity: scalars.count / minimumChunk + 1) { totals in
                totals.initialize(repeating: 0)
                ParallelChunks.forEach(count: scalars.count, minimumChunk: minimumChunk) { range in
                    totals[range.lowerBound / minimumChunk] = Kernels.sumOfZeroTimes(base + range.lowerBound, count: range.count)
                }
                return totals.allSatisfy { $0 == 0 }
            }
        }
    }

    @inlinable
    func compare(_ other: Tensor, _ name: String, _ test: (Scalar, Scalar) -> Bool) throws -> Tensor {
        let shape = try Shape.broadcast(self.shape, other.shape, operation: name)
        return Kernels.zip(detached, other.detached, shape: shape) { test($0, $1) ? 1 : 0 }
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
    let mask = Kernels.broadcast(condition.detached, to: shape)
    let wideA = Kernels.broadcast(a.detached, to: shape)
    let wideB = Kernels.broadcast(b.detached, to: shape)
    return Kernels.zip3(mask, wideA, wideB) { $0 != 0 ? $1 : $2 }
        .recorded(.select(condition: mask, aShape: a.shape, bShape: b.shape), inputs: a, b)
}
