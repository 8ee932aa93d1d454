internal import CGSL
import RealModule

/// `Double` as a ``TensorScalar``: the whole-tensor kernels compiled for `Double`, and
/// the double-precision BLAS (`cblas_dgemm`, `cblas_dgemv`, `cblas_dtrsm`) and LAPACK (`dpotrf_`) routines.
extension Double: TensorScalar {
    // The whole-tensor kernels, each specialised here for Double.

    /// `function` applied to every scalar of `x`, by the `Double` kernel.
    @inlinable
    public static func apply(_ function: ElementwiseFunction, to x: Tensor<Double>) -> Tensor<Double> {
        Kernels.apply(function, to: x)
    }

    /// `operation` on matching scalars of `a` and `b`, broadcast to `shape` (unchecked), by the `Double` kernel.
    @inlinable @inline(__always)
    public static func combine(
        _ a: Tensor<Double>, _ operation: ElementwiseOperation, _ b: Tensor<Double>, shape: [Int]
    ) -> Tensor<Double> {
        Kernels.combine(a, operation, b, shape: shape)
    }

    /// `operation` on every scalar of `a` and the scalar `b`, by the `Double` kernel.
    @inlinable @inline(__always)
    public static func combine(_ a: Tensor<Double>, _ operation: ElementwiseOperation, _ b: Double) -> Tensor<Double> {
        Kernels.combine(a, operation, b)
    }

    /// `operation` on the scalar `a` and every scalar of `b`, by the `Double` kernel.
    @inlinable @inline(__always)
    public static func combine(_ a: Double, _ operation: ElementwiseOperation, _ b: Tensor<Double>) -> Tensor<Double> {
        Kernels.combine(a, operation, b)
    }

    /// `x` folded by `reduction` down to `shape`, by the `Double` kernel.
    @inlinable
    public static func reduce(_ x: Tensor<Double>, by reduction: Reduction, toShape shape: [Int]) -> Tensor<Double> {
        Kernels.reduce(x, by: reduction, toShape: shape)
    }

    /// `x` repeated along its size-1 (or missing leading) axes to `shape`, by the `Double` kernel.
    @inlinable
    public static func broadcast(_ x: Tensor<Double>, to shape: [Int]) -> Tensor<Double> {
        Kernels.broadcast(x, to: shape)
    }

    /// Each scalar of `x` limited to `lower...upper`, by the `Double` kernel.
    @inlinable
    public static func clamp(_ x: Tensor<Double>, to lower: Double, _ upper: Double) -> Tensor<Double> {
        Kernels.clamp(x, to: lower, upper)
    }

    /// `a` where `condition` is non-zero, `b` elsewhere, by the `Double` kernel.
    @inlinable
    public static func choose(where condition: Tensor<Double>, _ a: Tensor<Double>, _ b: Tensor<Double>) -> Tensor<Double> {
        Kernels.choose(where: condition, a, b)
    }

    /// Whether every scalar of `x` is finite, by the `Double` kernel.
    @inlinable
    public static func allFinite(_ x: Tensor<Double>) -> Bool {
        Kernels.allFinite(x)
    }

    /// The sum of a run of scalars, in the `Double` kernel's order.
    @inlinable
    public static func sumOfRun(_ p: UnsafePointer<Double>, count: Int) -> Double {
        Kernels.sumOfRun(p, count: count)
    }

    /// `C ← op(A)·op(B)` (plus `C` when `accumulate`) in double precision: by
    /// `cblas_dgemv` for a single row or column, sums of rows for a mostly-zero
    /// left operand, blocked `cblas_dgemm` over the cores otherwise.
    public static func matrixProduct(
        _ a: UnsafePointer<Double>, transposeA: Bool, _ b: UnsafePointer<Double>, transposeB: Bool,
        into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int, accumulate: Bool
    ) {
        Kernels.gemm(a, transposeA, b, transposeB, into: c, m: m, n: n, k: k, accumulate: accumulate)
    }

    // BLAS and LAPACK.

    /// `C ← α·op(A)·op(B) + β·C` on row-major matrices, by `cblas_dgemm`.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    /// `y ← α·op(A)·x + β·y` for a row-major matrix `A`, by `cblas_dgemv`.
    public static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Double, a: UnsafePointer<Double>,
        x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, a, Int32(columns), x, 1, beta, y, 1)
    }

    /// Solves `op(T)·X = B` in place of `B` for lower-triangular `T`, by `cblas_dtrsm`.
    public static func lowerTriangularSolve(
        transposeT: Bool, n: Int, k: Int,
        t: UnsafePointer<Double>, b: UnsafeMutablePointer<Double>
    ) {
        cblas_dtrsm(
            CblasRowMajor, CblasLeft, CblasLower,
            transposeT ? CblasTrans : CblasNoTrans, CblasNonUnit,
            Int32(n), Int32(k), 1, t, Int32(n), b, Int32(k))
    }

    /// The lower Cholesky factor in place of the row-major matrix, by LAPACK `dpotrf_`;
    /// returns its `info` (0 on success, `j > 0` when the leading minor of order `j` is not positive).
    public static func choleskyInPlace(_ a: UnsafeMutablePointer<Double>, n: Int) -> Int {
        // Row-major lower = column-major upper of the same (symmetric) buffer.
        var uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n)
        var info: Int32 = 0
        dpotrf_(&uplo, &order, a, &order, &info)
        return Int(info)
    }
}
