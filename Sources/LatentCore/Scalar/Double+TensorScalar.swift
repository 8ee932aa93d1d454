internal import CGSL
import RealModule

extension Double: TensorScalar {
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
