/// The contiguous, row-major buffer behind one or more tensors: one heap
/// object holding its scalar count and, tail-allocated, the scalars (one
/// allocation per tensor, which matters for small tensors).
///
/// Tensors are values: an operation writes a fresh buffer and never mutates
/// one it was given, so tensors that share a buffer (a reshape, a detached
/// copy) stay independent. Mutation goes through ``Tensor`` and copies first
/// unless the buffer is uniquely referenced.
@usableFromInline
final class TensorStorage<Scalar: TensorScalar>: ManagedBuffer<Int, Scalar>, @unchecked Sendable {
    /// A buffer of `count` uninitialised scalars.
    @inlinable
    static func make(uninitializedCount count: Int) -> TensorStorage {
        let buffer = create(minimumCapacity: count) { _ in count }
        return unsafeDowncast(buffer, to: TensorStorage.self)
    }

    @inlinable
    static func make(repeating value: Scalar, count: Int) -> TensorStorage {
        let storage = make(uninitializedCount: count)
        storage.base.initialize(repeating: value, count: count)
        return storage
    }

    @inlinable
    static func make<C: Collection>(copying scalars: C) -> TensorStorage where C.Element == Scalar {
        let storage = make(uninitializedCount: scalars.count)
        var i = 0
        for x in scalars {
            storage.base[i] = x
            i += 1
        }
        return storage
    }

    /// The first scalar. The address is stable for the object's lifetime:
    /// the scalars live inside it.
    @inlinable
    var base: UnsafeMutablePointer<Scalar> {
        withUnsafeMutablePointerToElements { $0 }
    }

    /// The number of scalars. Read through the header's address: reading
    /// `header` itself, a class's stored property, would cost a run-time
    /// exclusivity check on every tensor operation.
    @inlinable
    var count: Int {
        withUnsafeMutablePointerToHeader { $0.pointee }
    }

    @inlinable
    func copy() -> TensorStorage {
        let result = TensorStorage.make(uninitializedCount: count)
        result.base.update(from: base, count: count)
        return result
    }
}
