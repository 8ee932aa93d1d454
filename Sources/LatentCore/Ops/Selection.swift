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
        // loop over eight lanes at a time (it runs on every gradient of
        // every step). Four independent sums, so that the additions do not
        // wait on each other.
        withUnsafeScalars { scalars in
            let n = scalars.count
            guard let base = scalars.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            @inline(__always) func zeroTimes(_ i: Int) -> SIMD8<Scalar> {
                raw.loadUnaligned(fromByteOffset: i * MemoryLayout<Scalar>.stride, as: SIMD8<Scalar>.self) * 0
            }
            var (l0, l1, l2, l3) = (SIMD8<Scalar>(repeating: 0), SIMD8<Scalar>(repeating: 0), SIMD8<Scalar>(repeating: 0), SIMD8<Scalar>(repeating: 0))
            var i = 0
            while i + 32 <= n {
                l0 += zeroTimes(i)
                l1 += zeroTimes(i + 8)
                l2 += zeroTimes(i + 16)
                l3 += zeroTimes(i + 24)
                i += 32
            }
            while i + 8 <= n {
                l0 += zeroTimes(i)
                i += 8
            }
            var total = ((l0 + l1) + (l2 + l3)).sum()
            while i < n {
                total += base[i] * 0
                i += 1
            }
            return total == 0
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
