import RealModule

/// The scalar types a ``Tensor`` can hold: `Float` and `Double`.
///
/// Beyond the elementary functions of `Real`, a scalar type says how to reach
/// the BLAS and LAPACK routines of its precision, so that generic tensor code
/// specialises to `sgemm` or `dgemm` without a run-time switch, and it
/// carries the whole-tensor elementwise kernels, each a loop compiled for the
/// type: generic code (a distribution's `entropy`, an optimiser's update)
/// pays one protocol-witness call per tensor rather than one per scalar.
///
/// The kernels are unchecked and untracked: tensor operations validate
/// their arguments and record themselves for differentiation, then call
/// these.
public protocol TensorScalar: BinaryFloatingPoint, Real, Sendable, SIMDScalar {
    /// `function` applied to every scalar of `x`.
    static func apply(_ function: ElementwiseFunction, to x: Tensor<Self>) -> Tensor<Self>

    /// `operation` on matching scalars of `a` and `b`, whose shapes
    /// broadcast to `shape` (the caller has checked that they do).
    static func combine(_ a: Tensor<Self>, _ operation: ElementwiseOperation, _ b: Tensor<Self>, shape: [Int]) -> Tensor<Self>

    /// `operation` on every scalar of `a` and the scalar `b`.
    static func combine(_ a: Tensor<Self>, _ operation: ElementwiseOperation, _ b: Self) -> Tensor<Self>

    /// `operation` on the scalar `a` and every scalar of `b`.
    static func combine(_ a: Self, _ operation: ElementwiseOperation, _ b: Tensor<Self>) -> Tensor<Self>

    /// `x` folded by `reduction` over the axes along which `shape` (`x`'s
    /// shape with some sizes set to 1, or fewer leading axes) broadcasts to
    /// `x.shape`.
    static func reduce(_ x: Tensor<Self>, by reduction: Reduction, toShape shape: [Int]) -> Tensor<Self>

    /// `x` repeated along its size-1 (or missing leading) axes to `shape`.
    static func broadcast(_ x: Tensor<Self>, to shape: [Int]) -> Tensor<Self>

    /// Each scalar of `x` limited to `lower...upper` (`lower ≤ upper`).
    static func clamp(_ x: Tensor<Self>, to lower: Self, _ upper: Self) -> Tensor<Self>

    /// `a` where `condition` is non-zero, `b` elsewhere; the three of one shape.
    static func choose(where condition: Tensor<Self>, _ a: Tensor<Self>, _ b: Tensor<Self>) -> Tensor<Self>

    /// Whether every scalar of `x` is finite.
    static func allFinite(_ x: Tensor<Self>) -> Bool

    /// The sum of `count` contiguous scalars in the order every sum of a
    /// tensor's run uses (eight interleaved partial sums, then the rest):
    /// a kernel that sums rows it has just computed, without storing them
    /// in a tensor, gets the bits `sum(alongAxes:)` would give.
    static func sumOfRun(_ p: UnsafePointer<Self>, count: Int) -> Self

    /// `C ← op(A)·op(B)`, or `C ← C + op(A)·op(B)` when `accumulate`, for
    /// row-major dense `op(A)` m×k and `op(B)` k×n: a product with a single
    /// row or column by `?gemv`, a mostly-zero left operand as sums of rows,
    /// the rest by `?gemm` in blocks over the cores.
    static func matrixProduct(
        _ a: UnsafePointer<Self>, transposeA: Bool, _ b: UnsafePointer<Self>, transposeB: Bool,
        into c: UnsafeMutablePointer<Self>, m: Int, n: Int, k: Int, accumulate: Bool)

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
