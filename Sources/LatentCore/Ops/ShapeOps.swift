/// Operations that change the shape, not the values.
extension Tensor {
    /// The same scalars with a new shape; one dimension may be −1 and is
    /// then inferred. Shares the buffer (no copy).
    /// - Throws: ``TensorError/invalidShape(operation:shape:reason:)`` when
    ///   the counts differ or more than one dimension is −1.
    @inlinable
    public func reshaped(to newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1, !newShape.contains(where: { $0 < -1 }) else {
            throw TensorError.invalidShape(operation: "reshaped(to:)", shape: newShape, reason: "is not a valid target shape")
        }
        try Shape.validate(newShape.filter { $0 != -1 }, operation: "reshaped(to:)")
        if let axis = inferred.first {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw TensorError.invalidShape(
                    operation: "reshaped(to:)", shape: newShape, reason: "cannot hold \(count) scalars of shape \(shape)")
            }
            resolved[axis] = count / known
        }
        guard Shape.count(of: resolved) == count else {
            throw TensorError.invalidShape(
                operation: "reshaped(to:)", shape: newShape, reason: "cannot hold \(count) scalars of shape \(shape)")
        }
        return reshapedUnchecked(to: resolved)
    }

    @inlinable
    func reshapedUnchecked(to newShape: [Int]) -> Tensor {
        if newShape == shape { return self }
        return Tensor(shape: newShape, storage: storage).recorded(.reshape(inputShape: shape), inputs: self)
    }

    /// The tensor as one dimension.
    @inlinable
    public func flattened() -> Tensor {
        reshapedUnchecked(to: [count])
    }

    /// A size-1 axis inserted at `axis` (which may equal the rank).
    /// - Throws: ``TensorError/invalidAxis(operation:axis:rank:)``.
    @inlinable
    public func expandingShape(at axis: Int) throws -> Tensor {
        let resolved = try Shape.normalize(axis: axis, rank: rank + 1, operation: "expandingShape(at:)")
        var newShape = shape
        newShape.insert(1, at: resolved)
        return reshapedUnchecked(to: newShape)
    }

    /// The size-1 axis at `axis` removed.
    /// - Throws: ``TensorError/invalidAxis(operation:axis:rank:)``, or
    ///   ``TensorError/invalidShape(operation:shape:reason:)`` when that axis
    ///   is not of size 1.
    @inlinable
    public func squeezingShape(at axis: Int) throws -> Tensor {
        let resolved = try Shape.normalize(axis: axis, rank: rank, operation: "squeezingShape(at:)")
        guard shape[resolved] == 1 else {
            throw TensorError.invalidShape(operation: "squeezingShape(at:)", shape: shape, reason: "has size \(shape[resolved]) at axis \(axis)")
        }
        var newShape = shape
        newShape.remove(at: resolved)
        return reshapedUnchecked(to: newShape)
    }

    /// The tensor repeated along its size-1 (or missing leading) dimensions
    /// to `newShape`, by NumPy's broadcasting rules (`broadcast_to`,
    /// PyTorch's `expand`).
    /// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)``.
    @inlinable
    public func expanded(to newShape: [Int]) throws -> Tensor {
        guard Shape.broadcasts(shape, to: newShape) else {
            throw TensorError.shapeMismatch(operation: "expanded(to:)", lhs: shape, rhs: newShape)
        }
        return Scalar.broadcast(self, to: newShape).recorded(.broadcast(inputShape: shape), inputs: self)
    }

    /// The last two axes swapped (a matrix transpose, batched).
    /// - Throws: ``TensorError/invalidShape(operation:shape:reason:)`` below rank 2.
    @inlinable
    public func transposed() throws -> Tensor {
        guard rank >= 2 else {
            throw TensorError.invalidShape(operation: "transposed()", shape: shape, reason: "has fewer than two axes")
        }
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permutedUnchecked(axes)
    }

    /// The axes reordered: axis `i` of the result is axis `axes[i]` of this
    /// tensor.
    /// - Throws: ``TensorError/invalidArgument(operation:reason:)`` when
    ///   `axes` is not a permutation of `0..<rank`.
    @inlinable
    public func permuted(_ axes: [Int]) throws -> Tensor {
        guard axes.sorted() == Array(0..<rank) else {
            throw TensorError.invalidArgument(operation: "permuted(_:)", reason: "\(axes) is not a permutation of the \(rank) axes")
        }
        return permutedUnchecked(axes)
    }

    @inlinable
    func permutedUnchecked(_ axes: [Int]) -> Tensor {
        Kernels.permute(self, axes).recorded(.permute(axes: axes), inputs: self)
    }
}

extension Kernels {
    /// A copy of `x` with its axes reordered (output axis i = input axis axes[i]).
    @inlinable
    static func permute<S: TensorScalar>(_ x: Tensor<S>, _ axes: [Int]) -> Tensor<S> {
        if axes == Array(0..<x.rank) { return x }
        let inputStrides = Shape.strides(of: x.shape)
        let outShape = axes.map { x.shape[$0] }
        // Read the input through permuted strides, as a broadcast walk would.
        let readStrides = axes.map { inputStrides[$0] }
        let out = TensorStorage<S>.make(uninitializedCount: x.count)
        let src = x.storage.base, dst = out.base
        let rank = outShape.count
        let length = outShape[rank - 1]
        let inner = readStrides[rank - 1]
        guard x.count > 0 else { return Tensor(shape: outShape, storage: out) }
        var counter = [Int](repeating: 0, count: rank)
        var offset = 0
        for row in 0..<(x.count / length) {
            let base = row * length
            for j in 0..<length { dst[base + j] = src[offset + j * inner] }
            var axis = rank - 2
            while axis >= 0 {
                counter[axis] += 1
                offset += readStrides[axis]
                if counter[axis] < outShape[axis] { break }
                offset -= readStrides[axis] * outShape[axis]
                counter[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: outShape, storage: out)
    }

    /// The inverse permutation of `axes`.
    @inlinable
    static func inverse(of axes: [Int]) -> [Int] {
        var result = axes
        for (i, axis) in axes.enumerated() { result[axis] = i }
        return result
    }
}
