internal import CGSL
import RealModule

extension Float: TensorScalar {
    // The whole-tensor kernels, each specialised here for Float.

    @inlinable
    public static func apply(_ function: ElementwiseFunction, to x: Tensor<Float>) -> Tensor<Float> {
        Kernels.apply(function, to: x)
    }

    @inlinable @inline(__always)
    public static func combine(
        _ a: Tensor<Float>, _ operation: ElementwiseOperation, _ b: Tensor<Float>, shape: [Int]
    ) -> Tensor<Float> {
        Kernels.combine(a, operation, b, shape: shape)
    }

    @inlinable @inline(__always)
    public static func combine(_ a: Tensor<Float>, _ operation: ElementwiseOperation, _ b: Float) -> Tensor<Float> {
        Kernels.combine(a, operation, b)
    }

    @inlinable @inline(__always)
    public static func combine(_ a: Float, _ operation: ElementwiseOperation, _ b: Tensor<Float>) -> Tensor<Float> {
        Kernels.combine(a, operation, b)
    }

    @inlinable
    public static func reduce(_ x: Tensor<Float>, by reduction: Reduction, toShape shape: [Int]) -> Tensor<Float> {
        Kernels.reduce(x, by: reduction, toShape: shape)
    }

    @inlinable
    public static func broadcast(_ x: Tensor<Float>, to shape: [Int]) -> Tensor<Float> {
        Kernels.broadcast(x, to: shape)
    }

    @inlinable
    public static func clamp(_ x: Tensor<Float>, to lower: Float, _ upper: Float) -> Tensor<Float> {
        Kernels.clamp(x, to: lower, upper)
    }

    @inlinable
    public static func choose(where condition: Tensor<Float>, _ a: Tensor<Float>, _ b: Tensor<Float>) -> Tensor<Float> {
        Kernels.choose(where: condition, a, b)
    }

    @inlinable
    public static func allFinite(_ x: Tensor<Float>) -> Bool {
        Kernels.allFinite(x)
    }

    public static func matrixProduct(
        _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
        into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, accumulate: Bool
    ) {
        Kernels.gemm(a, transposeA, b, transposeB, into: c, m: m, n: n, k: k, accumulate: accumulate)
    }

    // BLAS and LAPACK.

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

    public static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Float, a: UnsafePointer<Float>,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, a, Int32(columns), x, 1, beta, y, 1)
    }

    public static func lowerTriangularSolve(
        transposeT: Bool, n: Int, k: Int,
        t: UnsafePointer<Float>, b: UnsafeMutablePointer<Float>
    ) {
        cblas_strsm(
            CblasRowMajor, CblasLeft, CblasLower,
            transposeT ? CblasTrans : CblasNoTrans, CblasNonUnit,
            Int32(n), Int32(k), 1, t, Int32(n), b, Int32(k))
    }

    public static func choleskyInPlace(_ a: UnsafeMutablePointer<Float>, n: Int) -> Int {
        // Row-major lower = column-major upper of the same (symmetric) buffer.
        var uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n)
        var info: Int32 = 0
        spotrf_(&uplo, &order, a, &order, &info)
        return Int(info)
    }
}
