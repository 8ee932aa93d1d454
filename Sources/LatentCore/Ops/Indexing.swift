/// Taking parts of a tensor: ranges, index lists (minibatches) and
/// per-position gathers.
extension Tensor {
    /// The scalars at positions `range` along `axis`.
    /// - Throws: ``TensorError/invalidAxis(operation:axis:rank:)``, or
    ///   ``TensorError/indexOutOfRange(operation:index:bound:)`` when the
    ///   range leaves the axis.
    @inlinable
    public func sliced(alongAxis axis: Int, _ range: Range<Int>) throws -> Tensor {
        let resolved = try Shape.normalize(axis: axis, rank: rank, operation: "sliced(alongAxis:_:)")
        guard range.lowerBound >= 0, range.upperBound <= shape[resolved] else {
            throw TensorError.indexOutOfRange(
                operation: "sliced(alongAxis:_:)", index: range.lowerBound < 0 ? range.lowerBound : range.upperBound,
                bound: shape[resolved] + (range.lowerBound < 0 ? 0 : 1))
        }
        return Kernels.slice(self, axis: resolved, range: range)
            .recorded(.slice(inputShape: shape, axis: resolved, start: range.lowerBound), inputs: self)
    }

    /// The slices at `indices` along `axis`, in that order, repeats allowed
    /// (PyTorch's `index_select`; a minibatch is `x.slices(at: batch, alongAxis: 0)`).
    /// - Throws: ``TensorError/indexOutOfRange(operation:index:bound:)``.
    @inlinable
    public func slices(at indices: [Int], alongAxis axis: Int = 0) throws -> Tensor {
        let resolved = try Shape.normalize(axis: axis, rank: rank, operation: "slices(at:alongAxis:)")
        if let bad = indices.first(where: { $0 < 0 || $0 >= shape[resolved] }) {
            throw TensorError.indexOutOfRange(operation: "slices(at:alongAxis:)", index: bad, bound: shape[resolved])
        }
        let result = Kernels.gather(self, axis: resolved, indices: indices, elementwise: false)
        if let drawn = capturedDrawnGather(indices, axis: resolved, elementwise: false, result: result) { return drawn }
        return result.recorded(.gather(inputShape: shape, axis: resolved, indices: indices, elementwise: false), inputs: self)
    }

    /// One scalar per output position: `result[…, j, …] = self[…, indices[…, j, …], …]`
    /// along `axis` (PyTorch's `gather`). `indices` is row-major with this
    /// tensor's shape except along `axis`, where its length is
    /// `indices.count / (count / shape[axis])`.
    /// - Throws: ``TensorError/invalidShape(operation:shape:reason:)`` when
    ///   the count does not fit, ``TensorError/indexOutOfRange(operation:index:bound:)``.
    @inlinable
    public func gathering(_ indices: [Int], alongAxis axis: Int = -1) throws -> Tensor {
        let resolved = try Shape.normalize(axis: axis, rank: rank, operation: "gathering(_:alongAxis:)")
        let others = count / Swift.max(shape[resolved], 1)
        guard others > 0, indices.count % others == 0 else {
            throw TensorError.invalidShape(
                operation: "gathering(_:alongAxis:)", shape: shape, reason: "does not fit \(indices.count) indices along axis \(axis)")
        }
        if let bad = indices.first(where: { $0 < 0 || $0 >= shape[resolved] }) {
            throw TensorError.indexOutOfRange(operation: "gathering(_:alongAxis:)", index: bad, bound: shape[resolved])
        }
        let result = Kernels.gather(self, axis: resolved, indices: indices, elementwise: true)
        if let drawn = capturedDrawnGather(indices, axis: resolved, elementwise: true, result: result) { return drawn }
        return result.recorded(.gather(inputShape: shape, axis: resolved, indices: indices, elementwise: true), inputs: self)
    }
}

extension Kernels {
    @inlinable
    static func slice<S: TensorScalar>(_ x: Tensor<S>, axis: Int, range: Range<Int>) -> Tensor<S> {
        let (outer, size, inner) = Shape.split(x.shape, at: axis)
        var shape = x.shape
        shape[axis] = range.count
        let block = range.count * inner
        let out = TensorStorage<S>.make(uninitializedCount: outer * block)
        for o in 0..<outer {
            (out.base + o * block).update(from: x.storage.base + (o * size + range.lowerBound) * inner, count: block)
        }
        return Tensor(shape: shape, storage: out)
    }

    /// Index-select (`elementwise == false`: whole slices) or gather (one
    /// index per output scalar).
    @inlinable
    static func gather<S: TensorScalar>(_ x: Tensor<S>, axis: Int, indices: [Int], elementwise: Bool) -> Tensor<S> {
        let (outer, size, inner) = Shape.split(x.shape, at: axis)
        let picks = elementwise ? indices.count / Swift.max(outer * inner, 1) : indices.count
        var shape = x.shape
        shape[axis] = picks
        let out = TensorStorage<S>.make(uninitializedCount: outer * picks * inner)
        let src = x.storage.base, dst = out.base
        indices.withUnsafeBufferPointer { index in
            for o in 0..<outer {
                for j in 0..<picks {
                    let target = (o * picks + j) * inner
                    if elementwise {
                        for i in 0..<inner { dst[target + i] = src[(o * size + index[target + i]) * inner + i] }
                    } else {
                        (dst + target).update(from: src + (o * size + index[j]) * inner, count: inner)
                    }
                }
            }
        }
        return Tensor(shape: shape, storage: out)
    }

    /// The adjoint of ``gather(_:axis:indices:elementwise:)``: `g` added
    /// into zeros of `inputShape` at the gathered positions.
    @inlinable
    static func scatterAdd<S: TensorScalar>(
        _ g: Tensor<S>, inputShape: [Int], axis: Int, indices: [Int], elementwise: Bool
    ) -> Tensor<S> {
        let (outer, size, inner) = Shape.split(inputShape, at: axis)
        let picks = g.shape[axis]
        let out = TensorStorage<S>.make(repeating: 0, count: outer * size * inner)
        let src = g.storage.base, dst = out.base
        indices.withUnsafeBufferPointer { index in
            for o in 0..<outer {
                for j in 0..<picks {
                    let source = (o * picks + j) * inner
                    for i in 0..<inner {
                        let k = elementwise ? index[source + i] : index[j]
                        dst[(o * size + k) * inner + i] += src[source + i]
                    }
                }
            }
        }
        return Tensor(shape: inputShape, storage: out)
    }

    /// The adjoint of ``slice(_:axis:range:)``: `g` placed into zeros of
    /// `inputShape` starting at `start` along `axis`.
    @inlinable
    static func pad<S: TensorScalar>(_ g: Tensor<S>, inputShape: [Int], axis: Int, start: Int) -> Tensor<S> {
        let (outer, size, inner) = Shape.split(inputShape, at: axis)
        let block = g.shape[axis] * inner
        let out = TensorStorage<S>.make(repeating: 0, count: outer * size * inner)
        for o in 0..<outer {
            (out.base + (o * size + start) * inner).update(from: g.storage.base + o * block, count: block)
        }
        return Tensor(shape: inputShape, storage: out)
    }
}
