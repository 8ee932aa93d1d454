/// The contiguous, row-major buffer behind one or more tensors.
///
/// Tensors are values: an operation writes a fresh buffer and never mutates
/// one it was given, so tensors that share a buffer (a reshape, a detached
/// copy) stay independent. Mutation goes through ``Tensor`` and copies first
/// unless the buffer is uniquely referenced.
@usableFromInline
final class TensorStorage<Scalar: TensorScalar>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Scalar>
    @usableFromInline let count: Int

    /// A buffer of `count` uninitialised scalars (aligned for SIMD loads).
    @inlinable
    init(uninitializedCount count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: Swift.max(count, 1) * MemoryLayout<Scalar>.stride, alignment: 64)
        self.base = raw.bindMemory(to: Scalar.self, capacity: Swift.max(count, 1))
    }

    @inlinable
    convenience init(repeating value: Scalar, count: Int) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    @inlinable
    convenience init<C: Collection>(copying scalars: C) where C.Element == Scalar {
        self.init(uninitializedCount: scalars.count)
        var i = 0
        for x in scalars {
            base[i] = x
            i += 1
        }
    }

    @inlinable
    func copy() -> TensorStorage {
        let result = TensorStorage(uninitializedCount: count)
        result.base.update(from: base, count: count)
        return result
    }

    @inlinable
    deinit {
        UnsafeMutableRawPointer(base).deallocate()
    }
}
