import RealModule

/// The scalar types a ``Tensor`` can hold: `Float` and `Double`.
///
/// Beyond the elementary functions of `Real`, a scalar type says how to reach
/// the BLAS and LAPACK routines of its precision, so that generic tensor code
/// specialises to `sgemm` or `dgemm` without a run-time switch.
public protocol TensorScalar: BinaryFloatingPoint, Real, Sendable, SIMDScalar {
    /// `C ← α·op(A)·op(B) + β·C` on row-major matrices, where `op(A)` is
    /// `m×k`, `op(B)` is `k×n` and `C` is `m×n` (BLAS `?gemm`).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// `y ← α·op(A)·x + β·y` for the row-major `rows×columns` matrix `A`
    /// and contiguous vectors (BLAS `?gemv`).
    static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Self, a: UnsafePointer<Self>,
        x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)

    /// Solves `op(T)·X = B` in place of the row-major `n×k` matrix `B`, where
    /// `T` is `n×n` lower triangular and `op` is the identity or the
    /// transpose (BLAS `?trsm`).
    static func lowerTriangularSolve(
        transposeT: Bool, n: Int, k: Int,
        t: UnsafePointer<Self>, b: UnsafeMutablePointer<Self>)

    /// Overwrites the row-major symmetric `n×n` matrix with its lower
    /// Cholesky factor (LAPACK `?potrf`); returns LAPACK's `info` (0 on
    /// success, `j > 0` when the leading minor of order `j` is not positive).
    static func choleskyInPlace(_ a: UnsafeMutablePointer<Self>, n: Int) -> Int
}
