import RealModule

/// Reductions over axes. Axes may be negative (counted from the end); with
/// `keepingDims` the reduced axes stay as size 1, so the result broadcasts
/// against the input.
extension Tensor {
    /// The sum of all scalars, as a rank-0 tensor.
    @inlinable
    public func sum() -> Tensor {
        Scalar.reduce(self, by: .sum, toShape: []).recorded(.sum(inputShape: shape), inputs: self)
    }

    /// The sum along `axes`.
    /// - Throws: ``TensorError/invalidAxis(operation:axis:rank:)``.
    @inlinable
    public func sum(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Tensor {
        let kept = try keptShape(reducing: axes, operation: "sum(alongAxes:)")
        let result = Scalar.reduce(self, by: .sum, toShape: kept).recorded(.sum(inputShape: shape), inputs: self)
        return keepingDims ? result : result.removing(axes: axes)
    }

    /// The mean of all scalars, as a rank-0 tensor.
    @inlinable
    public func mean() -> Tensor {
        sum() * (1 / Scalar(Swift.max(count, 1)))
    }

    /// The mean along `axes`.
    /// - Throws: ``TensorError/invalidAxis(operation:axis:rank:)``.
    @inlinable
    public func mean(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Tensor {
        let kept = try keptShape(reducing: axes, operation: "mean(alongAxes:)")
        let reducedCount = count / Swift.max(Shape.count(of: kept), 1)
        return try sum(alongAxes: axes, keepingDims: keepingDims) * (1 / Scalar(Swift.max(reducedCount, 1)))
    }

    /// The largest scalar, as a rank-0 tensor (NaN if any scalar is NaN).
    /// Tied maxima share the gradient.
    @inlinable
    public func max() -> Tensor {
        let result = Scalar.reduce(self, by: .maximum, toShape: shape.map { _ in 1 })
        return result.recorded(.max(x: detached, result: result), inputs: self).reshapedUnchecked(to: [])
    }

    /// The maximum along `axes`. Tied maxima share the gradient equally.
    /// - Throws: ``TensorError/invalidAxis(operation:axis:rank:)``.
    @inlinable
    public func max(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Tensor {
        let kept = try keptShape(reducing: axes, operation: "max(alongAxes:)")
        let result = Scalar.reduce(self, by: .maximum, toShape: kept)
        let tracked = result.recorded(.max(x: detached, result: result), inputs: self)
        return keepingDims ? tracked : tracked.removing(axes: axes)
    }

    /// log Σ exp(x) over all scalars, as a rank-0 tensor: finite for large
    /// inputs, −∞ (with zero gradient) when every scalar is −∞.
    @inlinable
    public func logSumExp() -> Tensor {
        let kept = shape.map { _ in 1 }
        let result = Scalar.reduce(self, by: .logSumExp, toShape: kept)
        return result.recorded(.logSumExp(x: detached, result: result), inputs: self).reshapedUnchecked(to: [])
    }

    /// log Σ exp(x) along `axes`, computed stably (see ``logSumExp()``).
    /// - Throws: ``TensorError/invalidAxis(operation:axis:rank:)``.
    @inlinable
    public func logSumExp(alongAxes axes: [Int], keepingDims: Bool = false) throws -> Tensor {
        let kept = try keptShape(reducing: axes, operation: "logSumExp(alongAxes:)")
        let result = Scalar.reduce(self, by: .logSumExp, toShape: kept)
        let tracked = result.recorded(.logSumExp(x: detached, result: result), inputs: self)
        return keepingDims ? tracked : tracked.removing(axes: axes)
    }

    /// exp(x − logSumExp(x)) along `axis`: nonnegative, summing to 1.
    /// - Throws: ``TensorError/invalidAxis(operation:axis:rank:)``.
    @inlinable
    public func softmax(alongAxis axis: Int = -1) throws -> Tensor {
        let resolved = try Shape.normalize(axis: axis, rank: rank, operation: "softmax(alongAxis:)")
        let result = Scalar.apply(.exp, to: Kernels.logSoftmax(self, axis: resolved))
        return result.recorded(.softmax(result: result, axis: resolved), inputs: self)
    }

    /// x − logSumExp(x) along `axis`, without forming the softmax first.
    /// - Throws: ``TensorError/invalidAxis(operation:axis:rank:)``.
    @inlinable
    public func logSoftmax(alongAxis axis: Int = -1) throws -> Tensor {
        let resolved = try Shape.normalize(axis: axis, rank: rank, operation: "logSoftmax(alongAxis:)")
        let result = Kernels.logSoftmax(self, axis: resolved)
        return result.recorded(.logSoftmax(result: result, axis: resolved), inputs: self)
    }

    /// The shape with every axis in `axes` set to 1.
    @inlinable
    func keptShape(reducing axes: [Int], operation: String) throws -> [Int] {
        var kept = shape
        for axis in axes {
            kept[try Shape.normalize(axis: axis, rank: rank, operation: operation)] = 1
        }
        return kept
    }

    @inlinable
    func keptShape(_ axis: Int) -> [Int] {
        var kept = shape
        kept[axis] = 1
        return kept
    }

    /// This reduced tensor without the reduced `axes` (already validated).
    @inlinable
    func removing(axes: [Int]) -> Tensor {
        let removed = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
        let remaining = shape.indices.filter { !removed.contains($0) }.map { shape[$0] }
        return reshapedUnchecked(to: remaining)
    }
}

extension Kernels {
    /// x − logSumExp(x) along `axis` (resolved).
    @inlinable
    static func logSoftmax<S: TensorScalar>(_ x: Tensor<S>, axis: Int) -> Tensor<S> {
        var kept = x.shape
        kept[axis] = 1
        let normaliser = S.reduce(x, by: .logSumExp, toShape: kept)
        return S.combine(x, .subtract, normaliser, shape: x.shape)
    }
}
