/// Joining tensors along an axis.
extension Tensor {
    /// The tensors joined end to end along an existing `axis`; every other
    /// dimension must agree.
    /// - Throws: ``TensorError/invalidArgument(operation:reason:)`` for no
    ///   tensors, ``TensorError/shapeMismatch(operation:lhs:rhs:)`` when the
    ///   other dimensions differ, ``TensorError/invalidAxis(operation:axis:rank:)``.
    @inlinable
    public static func concatenating(_ tensors: [Tensor], alongAxis axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.invalidArgument(operation: "concatenating(_:alongAxis:)", reason: "needs at least one tensor")
        }
        let resolved = try Shape.normalize(axis: axis, rank: first.rank, operation: "concatenating(_:alongAxis:)")
        for t in tensors.dropFirst() {
            var a = first.shape, b = t.shape
            guard a.count == b.count else {
                throw TensorError.shapeMismatch(operation: "concatenating(_:alongAxis:)", lhs: first.shape, rhs: t.shape)
            }
            a[resolved] = 0
            b[resolved] = 0
            guard a == b else {
                throw TensorError.shapeMismatch(operation: "concatenating(_:alongAxis:)", lhs: first.shape, rhs: t.shape)
            }
        }
        let sizes = tensors.map { $0.shape[resolved] }
        return Kernels.concatenate(tensors, axis: resolved)
            .recorded(.concat(sizes: sizes, axis: resolved), inputs: tensors)
    }

    /// The tensors, all of one shape, stacked along a new `axis`.
    /// - Throws: as ``concatenating(_:alongAxis:)``.
    @inlinable
    public static func stacking(_ tensors: [Tensor], alongAxis axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.invalidArgument(operation: "stacking(_:alongAxis:)", reason: "needs at least one tensor")
        }
        if let other = tensors.first(where: { $0.shape != first.shape }) {
            throw TensorError.shapeMismatch(operation: "stacking(_:alongAxis:)", lhs: first.shape, rhs: other.shape)
        }
        return try concatenating(tensors.map { try $0.expandingShape(at: axis) }, alongAxis: axis)
    }
}

extension Kernels {
    @inlinable
    static func concatenate<S: TensorScalar>(_ tensors: [Tensor<S>], axis: Int) -> Tensor<S> {
        var shape = tensors[0].shape
        shape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let (outer, total, inner) = Shape.split(shape, at: axis)
        let out = TensorStorage<S>.make(uninitializedCount: outer * total * inner)
        var start = 0
        for t in tensors {
            let block = t.shape[axis] * inner
            for o in 0..<outer {
                (out.base + (o * total * inner + start)).update(from: t.storage.base + o * block, count: block)
            }
            start += block
        }
        return Tensor(shape: shape, storage: out)
    }
}
