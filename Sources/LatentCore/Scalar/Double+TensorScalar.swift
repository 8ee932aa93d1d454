internal import CGSL
import RealModule

extension Double: TensorScalar {
    // The whole-tensor kernels, each specialised here for Double.

    @inlinable
    public static func apply(_ function: ElementwiseFunction, to x: Tensor<Double>) -> Tensor<Double> {
        Kernels.apply(function, to: x)
    }

    @inlinable @inline(__always)
    public static func combine(
        _ a: Tensor<Double>, _ operation: ElementwiseOperation, _ b: Tensor<Double>, shape: [Int]
    ) -> Tensor<Double> {
        Kernels.combine(a, operation, b, shape: shape)
    }

    @inlinable @inline(__always)
    public static func combine(_ a: Tensor<Double>, _ operation: ElementwiseOperation, _ b: Double) -> Tensor<Double> {
        Kernels.combine(a, operation, b)
    }

    @inlinable @inline(__always)
    public static func combine(_ a: Double, _ operation: ElementwiseOperation, _ b: Tensor<Double>) -> Tensor<Double> {
        Kernels.combine(a, operation, b)
    }

    @inlinable
    public static func reduce(_ x: Tensor<Double>, by reduction: Reduction, toShape shape: [Int]) -> Tensor<Double> {
        Kernels.reduce(x, by: reduction, toShape: shape)
    }

    @inlinable
    public static func broadcast(_ x: Tensor<Double>, to shape: [Int]) -> Tensor<Double> {
        Kernels.broadcast(x, to: shape)
    }

    @inlinable
    public static func clamp(_ x: Tensor<Double>, to lower: Double, _ upper: Double) -> Tensor<Double> {
        Kernels.clamp(x, to: lower, upper)
    }

    @inlinable
    public static func choose(where condition: Tensor<Double>, _ a: Tensor<Double>, _ b: Tensor<Double>) -> Tensor<Double> {
        Kernels.choose(where: condition, a, b)
    }

    @inlinable
    public static func allFinite(_ x: Tensor<Double>) -> Bool {
        Kernels.allFinite(x)
    }

    public static func matrixProduct(
        _ a: UnsafePointer<Double>, transposeA: Bool, _ b: UnsafePointer<Double>, transposeB: Bool,
        into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int, accumulate: Bool
    ) {
        Kernels.gemm(a, transposeA, b, transposeB, into: c, m: m, n: n, k: k, accumulate: accumulate)
    }

    // BLAS and LAPACK.

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

    public static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Double, a: UnsafePointer<Double>,
        x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, a, Int32(columns), x, 1, beta, y, 1)
    }

    public static func lowerTriangularSolve(
        transposeT: Bool, n: Int, k: Int,
        t: UnsafePointer<Double>, b: UnsafeMutablePointer<Double>
    ) {
        cblas_dtrsm(
            CblasRowMajor, CblasLeft, CblasLower,
            transposeT ? CblasTrans : CblasNoTrans, CblasNonUnit,
            Int32(n), Int32(k), 1, t, Int32(n), b, Int32(k))
    }

    public static func choleskyInPlace(_ a: UnsafeMutablePointer<Double>, n: Int) -> Int {
        // Row-major lower = column-major upper of the same (symmetric) buffer.
        var uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n)
        var info: Int32 = 0
        dpotrf_(&uplo, &order, a, &order, &info)
        return Int(info)
    }
}
