/// Cholesky factorisation and triangular solves (LAPACK and BLAS through
/// OpenBLAS), the pieces behind full-rank Gaussians.
extension Tensor {
    /// The lower-triangular L with `self = L·Lᵀ`, for a symmetric
    /// positive-definite matrix (only its lower triangle is read).
    /// - Throws: ``TensorError/invalidShape(operation:shape:reason:)`` unless
    ///   square and rank 2, ``TensorError/invalidArgument(operation:reason:)``
    ///   for a NaN or infinite entry, ``TensorError/notPositiveDefinite(operation:minor:)``.
    @inlinable
    public func cholesky() throws -> Tensor {
        guard rank == 2, shape[0] == shape[1] else {
            throw TensorError.invalidShape(operation: "cholesky()", shape: shape, reason: "is not a square matrix")
        }
        guard satisfies(\.isFinite) else {
            throw TensorError.invalidArgument(operation: "cholesky()", reason: "the matrix has a NaN or infinite entry")
        }
        let factor = try Kernels.cholesky(self)
        return factor.recorded(.cholesky(factor: factor), inputs: self)
    }
}

/// X solving `L·X = B`, or `Lᵀ·X = B` when `transposed`, for a lower-triangular
/// `L` (`n×n`) and `B` of shape `[n]` or `[n, k]`. Only the lower triangle of
/// `L` is read.
/// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)``,
///   ``TensorError/singularMatrix(operation:row:)`` for a zero on the diagonal.
@inlinable
public func lowerTriangularSolve<S>(_ l: Tensor<S>, _ b: Tensor<S>, transposed: Bool = false) throws -> Tensor<S> {
    guard l.rank == 2, l.shape[0] == l.shape[1], b.rank == 1 || b.rank == 2, b.shape[0] == l.shape[0] else {
        throw TensorError.shapeMismatch(operation: "lowerTriangularSolve", lhs: l.shape, rhs: b.shape)
    }
    let n = l.shape[0]
    if !l.satisfies({ l in (0..<n).allSatisfy { l.storage.base[$0 * n + $0] != 0 } }) {
        let row = (0..<n).first { l.storage.base[$0 * n + $0] == 0 } ?? 0
        throw TensorError.singularMatrix(operation: "lowerTriangularSolve", row: row)
    }
    if b.rank == 1 {
        return try lowerTriangularSolve(l, b.reshapedUnchecked(to: [n, 1]), transposed: transposed).reshapedUnchecked(to: [n])
    }
    let solution = Kernels.lowerTriangularSolve(l, b, transposed: transposed)
    return solution.recorded(
        .triangularSolve(matrix: l.detached, solution: solution, transposed: transposed), inputs: l, b)
}

extension Kernels {
    @inlinable
    static func cholesky<S: TensorScalar>(_ a: Tensor<S>) throws -> Tensor<S> {
        let n = a.shape[0]
        let factor = a.storage.copy()
        let info = S.choleskyInPlace(factor.base, n: n)
        guard info == 0 else {
            throw TensorError.notPositiveDefinite(operation: "cholesky()", minor: info)
        }
        for i in 0..<n {
            for j in (i + 1)..<Swift.max(n, i + 1) { factor.base[i * n + j] = 0 }
        }
        return Tensor(shape: [n, n], storage: factor)
    }

    @inlinable
    static func lowerTriangularSolve<S: TensorScalar>(_ l: Tensor<S>, _ b: Tensor<S>, transposed: Bool) -> Tensor<S> {
        let solution = b.storage.copy()
        S.lowerTriangularSolve(
            transposeT: transposed, n: l.shape[0], k: b.shape[1], t: l.storage.base, b: solution.base)
        return Tensor(shape: b.shape, storage: solution)
    }

    /// The lower triangle of a square matrix (diagonal included), the rest 0.
    @inlinable
    static func lowerTriangle<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
        let n = x.shape[0]
        let out = x.storage.copy()
        for i in 0..<n {
            for j in (i + 1)..<Swift.max(n, i + 1) { out.base[i * n + j] = 0 }
        }
        return Tensor(shape: x.shape, storage: out)
    }
}
