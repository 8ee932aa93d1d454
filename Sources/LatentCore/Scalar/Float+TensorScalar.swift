internal import CGSL
import RealModule

/// `Float` as a ``TensorScalar``: the whole-tensor kernels compiled for `Float`, and
/// the single-precision BLAS (`cblas_sgemm`, `cblas_sgemv`, `cblas_strsm`) and LAPACK (`spotrf_`) routines.
extension Float: TensorScalar {
    // The whole-tensor kernels, each specialised here for Float.

    /// `function` applied to every scalar of `x`, by the `Float` kernel.
    @inlinable
    public static func apply(_ function: ElementwiseFunction, to x: Tensor<Float>) -> Tensor<Float> {
        Kernels.apply(function, to: x)
    }

    /// `operation` on matching scalars of `a` and `b`, broadcast to `shape` (unchecked), by the `Float` kernel.
    @inlinable @inline(__always)
    public static func combine(
        _ a: Tensor<Float>, _ operation: ElementwiseOperation, _ b: Tensor<Float>, shape: [Int]
    ) -> Tensor<Float> {
        Kernels.combine(a, operation, b, shape: shape)
    }

    /// `operation` on every scalar of `a` and the scalar `b`, by the `Float` kernel.
    @inlinable @inline(__always)
    public static func combine(_ a: Tensor<Float>, _ operation: ElementwiseOperation, _ b: Float) -> Tensor<Float> {
        Kernels.combine(a, operation, b)
    }

    /// `operation` on the scalar `a` and every scalar of `b`, by the `Float` kernel.
    @inlinable @inline(__always)
    public static func combine(_ a: Float, _ operation: ElementwiseOperation, _ b: Tensor<Float>) -> Tensor<Float> {
        Kernels.combine(a, operation, b)
    }

    /// `x` folded by `reduction` down to `shape`, by the `Float` kernel.
    @inlinable
    public static func reduce(_ x: Tensor<Float>, by reduction: Reduction, toShape shape: [Int]) -> Tensor<Float> {
        Kernels.reduce(x, by: reduction, toShape: shape)
    }

    /// `x` repeated along its size-1 (or missing leading) axes to `shape`, by the `Float` kernel.
    @inlinable
    public static func broadcast(_ x: Tensor<Float>, to shape: [Int]) -> Tensor<Float> {
        Kernels.broadcast(x, to: shape)
    }

    /// Each scalar of `x` limited to `lower...upper`, by the `Float` kernel.
    @inlinable
    public static func clamp(_ x: Tensor<Float>, to lower: Float, _ upper: Float) -> Tensor<Float> {
        Kernels.clamp(x, to: lower, upper)
    }

    /// `a` where `condition` is non-zero, `b` elsewhere, by the `Float` kernel.
    @inlinable
    public static func choose(where condition: Tensor<Float>, _ a: Tensor<Float>, _ b: Tensor<Float>) -> Tensor<Float> {
        Kernels.choose(where: condition, a, b)
    }

    /// Whether every scalar of `x` is finite, by the `Float` kernel.
    @inlinable
    public static func allFinite(_ x: Tensor<Float>) -> Bool {
        Kernels.allFinite(x)
    }

    /// The sum of a run of scalars, in the `Float` kernel's order.
    @inlinable
    public static func sumOfRun(_ p: UnsafePointer<Float>, count: Int) -> Float {
        Kernels.sumOfRun(p, count: count)
    }

    /// `C ← op(A)·op(B)` (plus `C` when `accumulate`) in single precision: by
    /// `cblas_sgemv` for a single row or column, sums of rows for a mostly-zero
    /// left operand, blocked `cblas_sgemm` over the cores otherwise.
    public static func matrixProduct(
        _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
        into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, accumulate: Bool
    ) {
        Kernels.gemm(a, transposeA, b, transposeB, into: c, m: m, n: n, k: k, accumulate: accumulate)
    }

    // BLAS and LAPACK.

    /// `C ← α·op(A)·op(B) + β·C` on row-major matrices, by `cblas_sgemm`.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    /// `y ← α·op(A)·x + β·y` for a row-major matrix `A`, by `cblas_sgemv`.
    public static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Float, a: UnsafePointer<Float>,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, a, Int32(columns), x, 1, beta, y, 1)
    }

    /// Solves `op(T)·X = B` in place of `B` for lower-triangular `T`, by `cblas_strsm`.
    public static func lowerTriangularSolve(
        transposeT: Bool, n: Int, k: Int,
        t: UnsafePointer<Float>, b: UnsafeMutablePointer<Float>
    ) {
        cblas_strsm(
            CblasRowMajor, CblasLeft, CblasLower,
            transposeT ? CblasTrans : CblasNoTrans, CblasNonUnit,
            Int32(n), Int32(k), 1, t, Int32(n), b, Int32(k))
    }

    /// The lower Cholesky factor in place of the row-major matrix, by LAPACK `spotrf_`;
    /// returns its `info` (0 on success, `j > 0` when the leading minor of order `j` is not positive).
    public static func choleskyInPlace(_ a: UnsafeMutablePointer<Float>, n: Int) -> Int {
        // Row-major lower = column-major upper of the same (symmetric) buffer.
        var uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n)
        var info: Int32 = 0
        spotrf_(&uplo, &order, a, &order, &info)
        return Int(info)
    }
}
